package optimizers_test

import (
	"fmt"

	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/optimizers/schedules"
)

// An AdamW whose learning rate warms up and then follows a cosine, with
// clipped gradients and an exponential moving average of the weights, as
// keras.optimizers.AdamW(learning_rate=CosineDecay(...), global_clipnorm=1,
// use_ema=True) builds it.
func ExampleNewAdamW() {
	lr := schedules.NewCosineDecay(0, 1000)
	lr.WarmupTarget, lr.WarmupSteps = new(1e-3), 100
	opt := optimizers.NewAdamW(
		optimizers.WithLearningRate(lr),
		optimizers.WithGlobalClipnorm(1),
		optimizers.WithUseEMA(true),
	)
	if err := opt.Err(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(opt.ClassName(), opt.WeightDecay, opt.EMAMomentum, opt.LearningRate())
	// Output: AdamW 0.004 0.99 0
}

func ExampleGet() {
	for _, name := range []string{"nadam", "lion", "ftrl"} {
		opt, err := optimizers.Get(name)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s %.4g\n", opt.ClassName(), opt.LearningRate())
	}
	_, err := optimizers.Get("adamw2")
	fmt.Println(err != nil)
	// Output:
	// Nadam 0.001
	// Lion 0.001
	// Ftrl 0.001
	// true
}
