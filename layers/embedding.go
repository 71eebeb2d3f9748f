package layers

import (
	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/regularizers"
	"github.com/gokeras/gokeras/saving"
)

// Embedding is Keras's embedding layer (keras.layers.Embedding): it maps
// each integer in [0, InputDim) to its row of an (InputDim, OutputDim)
// matrix of embeddings. Inputs may be of an integer or a float dtype
// (floats are truncated to integers, as Keras casts them); an index out of
// range is an error when the model runs. Defaults as in Keras: embeddings
// drawn uniformly from [−0.05, 0.05). mask_zero=True is not supported:
// gokeras does not propagate masks, and the constructor rejects it.
//
// Input shape (batch, …); output shape (batch, …, OutputDim).
type Embedding struct {
	Base
	// InputDim is the number of rows (the vocabulary size), OutputDim
	// their size.
	InputDim, OutputDim int
	// EmbeddingsInitializer draws the initial embeddings.
	EmbeddingsInitializer initializers.Initializer
	// EmbeddingsRegularizer and ActivityRegularizer add penalties to the
	// loss; nil adds none.
	EmbeddingsRegularizer, ActivityRegularizer regularizers.Regularizer
	// EmbeddingsConstraint projects the embeddings after each update.
	EmbeddingsConstraint constraints.Constraint

	embeddings *Variable
}

// NewEmbedding returns an Embedding layer of inputDim rows of outputDim
// values. It takes WithEmbeddingsInitializer, WithActivityRegularizer and
// Kwarg("embeddings_regularizer"/"embeddings_constraint", …) besides the
// common options.
func NewEmbedding(inputDim, outputDim int, opts ...Option) *Embedding {
	l := &Embedding{InputDim: inputDim, OutputDim: outputDim}
	k := l.Init(l, "Embedding", opts, "embeddings_initializer", "embeddings_regularizer", "activity_regularizer",
		"embeddings_constraint", "mask_zero")
	if inputDim < 1 || outputDim < 1 {
		l.Fail(l.Errorf("expected positive input_dim and output_dim, received %d and %d", inputDim, outputDim))
	}
	var err error
	if l.EmbeddingsInitializer, err = initializers.Resolve(k.Value("embeddings_initializer"), initializers.NewRandomUniform()); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	if l.EmbeddingsRegularizer, err = regularizers.Resolve(k.Value("embeddings_regularizer")); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	if l.ActivityRegularizer, err = regularizers.Resolve(k.ActivityRegularizer); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	l.EmbeddingsConstraint = l.resolveConstraint(k, "embeddings_constraint")
	if b, _ := k.Value("mask_zero").(bool); b {
		l.Fail(l.Errorf("mask_zero=True is not supported: gokeras does not propagate masks between layers"))
	}
	return l
}

// WithEmbeddingsInitializer sets an Embedding's initializer (Keras's
// embeddings_initializer=, default "uniform").
func WithEmbeddingsInitializer(init any) Option { return Kwarg("embeddings_initializer", init) }

// ComputeOutputShape appends OutputDim to the input shape.
func (l *Embedding) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	return []Shape{append(append(Shape{}, s...), l.OutputDim)}, nil
}

// Build creates the embeddings.
func (l *Embedding) Build([]Shape) error {
	var err error
	if l.embeddings, err = l.AddWeight("embeddings", []int{l.InputDim, l.OutputDim}, l.EmbeddingsInitializer, l.EmbeddingsRegularizer, true); err != nil {
		return err
	}
	l.embeddings.Constraint = l.EmbeddingsConstraint
	return nil
}

// Call gathers the rows of the input's indices.
func (l *Embedding) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	idx := in[0]
	if idx.DType() != graph.Int32 && idx.DType() != graph.Int64 {
		idx = graph.Cast(idx, graph.Int32)
	}
	y := graph.Gather(c.Var(l.embeddings), idx, 0)
	if l.ActivityRegularizer != nil && c.Training {
		c.AddLoss(l.ActivityRegularizer.Penalty(y))
	}
	return []*graph.Node{y}, nil
}

// Embeddings returns the embeddings once built, or nil.
func (l *Embedding) Embeddings() *Variable { return l.embeddings }

func init() { Register("Embedding", embeddingFromConfig) }

// Config returns Keras 3's get_config of Embedding: input_dim, output_dim,
// embeddings_initializer, embeddings_regularizer, activity_regularizer,
// embeddings_constraint, mask_zero.
func (l *Embedding) Config() (*saving.Params, error) {
	p := l.BaseConfig()
	p.Set("input_dim", l.InputDim).Set("output_dim", l.OutputDim)
	if err := putWeightArgs(&l.Base, p, []initField{{"embeddings_initializer", l.EmbeddingsInitializer}}, []objField{
		{"embeddings_regularizer", func() (any, error) { return RegularizerObject(l.EmbeddingsRegularizer) }},
		{"activity_regularizer", func() (any, error) { return RegularizerObject(l.ActivityRegularizer) }},
		{"embeddings_constraint", func() (any, error) { return ConstraintObject(l.EmbeddingsConstraint) }},
	}); err != nil {
		return nil, err
	}
	return p.Set("mask_zero", false), nil
}

// embeddingFromConfig builds an Embedding from Keras 3's config or Keras
// 2's (which adds input_length, a shape the input layer already gives).
func embeddingFromConfig(p *saving.Params) (Layer, error) {
	opts, err := BaseOptions(p)
	if err != nil {
		return nil, err
	}
	in, err := p.Int("input_dim")
	if err != nil {
		return nil, err
	}
	out, err := p.Int("output_dim")
	if err != nil {
		return nil, err
	}
	kw := func(name string) func(any) Option { return func(v any) Option { return Kwarg(name, v) } }
	wopts, err := weightArgs(p, []initArg{{"embeddings_initializer", initializers.NewRandomUniform(), kw("embeddings_initializer")}},
		[]objArg{{"embeddings_regularizer", kw("embeddings_regularizer")}, {"activity_regularizer", WithActivityRegularizer}},
		[]objArg{{"embeddings_constraint", kw("embeddings_constraint")}})
	if err != nil {
		return nil, err
	}
	mz, err := p.BoolOr("mask_zero", false)
	if err != nil {
		return nil, err
	}
	p.Ignore("input_length", "sparse", "lora_rank", "lora_alpha")
	return NewEmbedding(in, out, append(append(opts, wopts...), Kwarg("mask_zero", mz))...), nil
}

// OutputDType returns float32: the embeddings' type, whatever the indices'.
func (l *Embedding) OutputDType() graph.DType { return graph.Float32 }
