package workload

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/tensor"
)

// FitOptions configures the training workloads (seed, mlp). The zero value
// of each field selects the peers' default for the workload.
type FitOptions struct {
	// Threads is the number of threads the kernels use; default
	// kernels.Threads().
	Threads int
	// Seed seeds the data, the weights, the shuffling and dropout.
	Seed uint64
	// Epochs, BatchSize and TrainSamples default to the peers' values:
	// seed 10, 32, 1000; mlp 1, 128, 60000.
	Epochs, BatchSize, TrainSamples int
	// Dataset is "mnist" (default) or "fashion", for mlp.
	Dataset string
	// Log receives one line per epoch, as the peers print to stderr.
	Log io.Writer
	// Profile, if not nil, receives the profile of the train function's
	// steps over every step but the first (see graph.Func.Profile).
	// Profiling adds two clock reads per step to the time measured.
	Profile io.Writer
}

// FitResult is the outcome of a training workload, one JSON object with
// the keys of the peers' lines for the same workload. FitS times the whole
// Fit call, as the peers time their training loop (no warm-up run); in
// gokeras it includes compiling the train function, reported apart as
// CompileS.
type FitResult struct {
	Workload     string    `json:"workload"`
	Impl         string    `json:"impl"` // "gokeras"
	Threads      int       `json:"threads"`
	Go           string    `json:"go"`
	GOARCH       string    `json:"goarch"`
	GOMAXPROCS   int       `json:"gomaxprocs"`
	Kernel       string    `json:"kernel"`
	Dataset      string    `json:"dataset,omitempty"`
	Optimizer    string    `json:"optimizer"`
	Epochs       int       `json:"epochs"`
	BatchSize    int       `json:"batch_size"`
	TrainSamples int       `json:"train_samples"`
	Steps        int       `json:"steps"`
	FitS         float64   `json:"fit_s"`
	CompileS     float64   `json:"compile_s"`
	SPerEpoch    float64   `json:"s_per_epoch"`
	EpochS       []float64 `json:"epoch_s"`
	MsPerStep    float64   `json:"ms_per_step"`
	SamplesPerS  float64   `json:"samples_per_s"`
	FinalLoss    float64   `json:"final_loss"`
	FinalAcc     float64   `json:"final_acc"`
	// seed: evaluation on the training data itself.
	TrainEvalLoss *float64 `json:"train_eval_loss,omitempty"`
	TrainEvalAcc  *float64 `json:"train_eval_acc,omitempty"`
	// mlp: evaluation on the test set.
	TestLoss    *float64 `json:"test_loss,omitempty"`
	TestAcc     *float64 `json:"test_acc,omitempty"`
	TestSamples int      `json:"test_samples,omitempty"`
	EvalS       *float64 `json:"eval_s,omitempty"`
}

// Seed runs the seed workload: the seed program's model,
// Dense(32, relu) then Dense(1, sigmoid) on 100 random features with
// random binary labels, RMSprop and binary cross-entropy, batch 32, 10
// epochs over 1,000 samples by default; then an evaluation on the training
// data. It times Fit only.
func Seed(ctx context.Context, o FitOptions) (*FitResult, error) {
	o = o.withDefaults(10, 32, 1000)
	prev := kernels.SetThreads(o.Threads)
	defer kernels.SetThreads(prev)
	rng := tensor.NewRNG(o.Seed)
	x, err := tensor.RandUniform[float32](rng, 0, 1, o.TrainSamples, 100)
	if err != nil {
		return nil, err
	}
	y, _ := tensor.Zeros[float32](o.TrainSamples, 1)
	for i := range y.Data() {
		y.Data()[i] = float32(rng.IntN(2))
	}
	layers.SetRandomSeed(o.Seed)
	m := models.NewSequential(
		layers.NewDense(32, layers.WithInputDim(100)),
		layers.NewActivation("relu"),
		layers.NewDense(1),
		layers.NewActivation("sigmoid"),
	)
	if err := m.Compile("rmsprop", "binary_crossentropy", "accuracy"); err != nil {
		return nil, err
	}
	r, err := timedFit(ctx, m.Model, x, y, o)
	if err != nil {
		return nil, err
	}
	r.Workload, r.Optimizer = "seed", "rmsprop"
	ev, err := m.Evaluate(ctx, x, y, models.BatchSize(1000), models.Verbose(0))
	if err != nil {
		return nil, err
	}
	loss, acc := ev["loss"], ev["accuracy"]
	r.TrainEvalLoss, r.TrainEvalAcc = &loss, &acc
	return r, nil
}

// withDefaults fills in a workload's defaults.
func (o FitOptions) withDefaults(epochs, batch, samples int) FitOptions {
	if o.Threads <= 0 {
		o.Threads = kernels.Threads()
	}
	if o.Epochs <= 0 {
		o.Epochs = epochs
	}
	if o.BatchSize <= 0 {
		o.BatchSize = batch
	}
	if o.TrainSamples <= 0 {
		o.TrainSamples = samples
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o
}

// timedFit trains m silently, timing the Fit call and each epoch, and
// fills in the timing and final-epoch fields.
func timedFit(ctx context.Context, m *models.Model, x, y any, o FitOptions) (*FitResult, error) {
	var epochStart time.Time
	var epochS []float64
	timer := &callbacks.LambdaCallback{
		OnEpochBeginFn: func(int, callbacks.Logs) { epochStart = time.Now() },
		OnEpochEndFn: func(e int, logs callbacks.Logs) {
			epochS = append(epochS, time.Since(epochStart).Seconds())
			fmt.Fprintf(o.Log, "epoch %d/%d: %.3fs loss=%.4f acc=%.4f\n", e+1, o.Epochs, epochS[len(epochS)-1], logs["loss"], logs["accuracy"])
		},
	}
	cbs := []callbacks.Callback{timer}
	if o.Profile != nil {
		// The first step, which warms the buffers up, is left out.
		cbs = append(cbs, &callbacks.LambdaCallback{
			OnBatchEndFn: func(int, callbacks.Logs) {
				if f := m.TrainFunction(); f != nil && f.Profile() == nil {
					f.SetProfiling(true)
				}
			},
			OnTrainEndFn: func(callbacks.Logs) {
				if f := m.TrainFunction(); f != nil && f.Profile() != nil {
					fmt.Fprintln(o.Profile, "profile of the train function:")
					f.Profile().WriteTo(o.Profile)
					f.SetProfiling(false)
				}
			},
		})
	}
	start := time.Now()
	h, err := m.Fit(ctx, x, y, models.Epochs(o.Epochs), models.BatchSize(o.BatchSize), models.Verbose(0), models.Callbacks(cbs...))
	fitS := time.Since(start).Seconds()
	if err != nil {
		return nil, err
	}
	steps := o.Epochs * ((o.TrainSamples + o.BatchSize - 1) / o.BatchSize)
	sum := 0.0
	for _, s := range epochS {
		sum += s
	}
	last := func(k string) float64 {
		v := h.History[k]
		if len(v) == 0 {
			return 0
		}
		return v[len(v)-1]
	}
	return &FitResult{
		Impl: "gokeras", Threads: o.Threads, Go: runtime.Version(), GOARCH: runtime.GOARCH,
		GOMAXPROCS: runtime.GOMAXPROCS(0), Kernel: kernels.Active().String(),
		Epochs: o.Epochs, BatchSize: o.BatchSize, TrainSamples: o.TrainSamples, Steps: steps,
		FitS: fitS, CompileS: fitS - sum, SPerEpoch: fitS / float64(o.Epochs), EpochS: epochS,
		MsPerStep: 1e3 * fitS / float64(max(steps, 1)), SamplesPerS: float64(o.TrainSamples*o.Epochs) / fitS,
		FinalLoss: last("loss"), FinalAcc: last("accuracy"),
	}, nil
}
