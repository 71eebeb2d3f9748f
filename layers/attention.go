package layers

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/saving"
)

// Attention is Keras's dot-product attention layer (keras.layers.Attention,
// Luong-style): given query (batch, Tq, dim), value (batch, Tv, dim) and
// key (batch, Tv, dim; the value when not given), it computes scores
// query·keyᵀ (ScoreMode "dot") or concat_score_weight·Σ tanh(query + key)
// over dim ("concat"), times a trained scale with UseScale, then weights
// softmax(scores) over Tv — with Dropout in training — and returns
// weights·value, (batch, Tq, dim). Inputs of rank 2 are taken as Keras
// takes them, as one sequence whose steps are the batch's samples (scores
// (batch, batch)). Masks and return_attention_scores are not supported
// (gokeras does not propagate masks).
type Attention struct {
	Base
	// UseScale multiplies the scores by a trained scale.
	UseScale bool
	// ScoreMode is "dot" or "concat".
	ScoreMode string
	// Dropout is the fraction of attention weights dropped in training.
	Dropout float64

	scale, concatWeight *Variable
}

// NewAttention returns an Attention layer; it takes Kwarg("use_scale"),
// Kwarg("score_mode") and WithDropoutRate besides the common options.
func NewAttention(opts ...Option) *Attention {
	l := &Attention{ScoreMode: "dot"}
	k := l.Init(l, "Attention", opts, "use_scale", "score_mode", "dropout")
	l.UseScale, _ = k.Value("use_scale").(bool)
	if m, ok := k.Value("score_mode").(string); ok {
		l.ScoreMode = m
	}
	if l.ScoreMode != "dot" && l.ScoreMode != "concat" {
		l.Fail(l.Errorf("expected score_mode \"dot\" or \"concat\", received %q", l.ScoreMode))
	}
	l.Dropout = k.float("dropout", 0)
	if !(l.Dropout >= 0 && l.Dropout < 1) {
		l.Fail(l.Errorf("expected dropout in [0, 1), received %v", l.Dropout))
	}
	return l
}

// ComputeOutputShape checks [query, value] or [query, value, key] and
// returns the query's shape with the value's last dimension.
func (l *Attention) ComputeOutputShape(in []Shape) ([]Shape, error) {
	if len(in) != 2 && len(in) != 3 {
		return nil, l.Errorf("expected inputs [query, value] or [query, value, key], received %d", len(in))
	}
	q, v := in[0], in[1]
	k := v
	if len(in) == 3 {
		k = in[2]
	}
	r := len(q)
	for _, s := range in {
		if len(s) != r || r < 2 || r > 3 {
			return nil, l.ShapeErrorf("expected inputs of shape (batch, steps, dim) or (batch, dim), received shapes %s", shapesStr(in))
		}
	}
	d, st := r-1, r-2 // the dim and steps axes
	if q[d] != k[d] && q[d] != -1 && k[d] != -1 || k[st] != v[st] && k[st] != -1 && v[st] != -1 {
		return nil, l.ShapeErrorf("query and key must share dim, key and value steps, received shapes %s", shapesStr(in))
	}
	out := append(Shape{}, q...)
	out[d] = v[d]
	return []Shape{out}, nil
}

// Build creates the scale (UseScale) and the concat score weight.
func (l *Attention) Build([]Shape) error {
	var err error
	if l.UseScale {
		if l.scale, err = l.AddWeight("scale", []int{}, initializers.Ones{}, nil, true); err != nil {
			return err
		}
	}
	if l.ScoreMode == "concat" {
		l.concatWeight, err = l.AddWeight("concat_score_weight", []int{}, initializers.Ones{}, nil, true)
	}
	return err
}

// Call attends the query to the value.
func (l *Attention) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	q, v := in[0], in[1]
	k := v
	if len(in) == 3 {
		k = in[2]
	}
	r := q.Rank()
	var scores *graph.Node
	if l.ScoreMode == "dot" {
		var kt *graph.Node
		if r == 3 {
			kt = graph.Transpose(k, 0, 2, 1)
		} else {
			kt = graph.Transpose(k, 1, 0)
		}
		scores = graph.MatMul(q, kt)
		if l.scale != nil {
			scores = graph.Mul(scores, c.Var(l.scale))
		}
	} else {
		// (…, Tq, 1, dim) + (…, 1, Tv, dim)
		sum := graph.Add(graph.ExpandDims(q, r-1), graph.ExpandDims(k, r-2))
		if l.scale != nil {
			sum = graph.Mul(c.Var(l.scale), sum)
		}
		scores = graph.Mul(c.Var(l.concatWeight), graph.Sum(graph.Tanh(sum), []int{r}, false))
	}
	weights := graph.Softmax(scores, -1)
	if c.Training && l.Dropout > 0 {
		weights = graph.Dropout(weights, l.Dropout)
	}
	return []*graph.Node{graph.MatMul(weights, v)}, nil
}

func init() { Register("Attention", attentionFromConfig) }

// Config returns Keras 3's get_config of Attention: use_scale, score_mode,
// dropout, seed (null).
func (l *Attention) Config() (*saving.Params, error) {
	p := l.BaseConfig()
	return p.Set("use_scale", l.UseScale).Set("score_mode", l.ScoreMode).Set("dropout", l.Dropout).Set("seed", nil), nil
}

// attentionFromConfig builds an Attention from Keras 3's config or
// tf.keras's (whose causal must be false: use_causal_mask is not
// supported).
func attentionFromConfig(p *saving.Params) (Layer, error) {
	opts, err := BaseOptions(p)
	if err != nil {
		return nil, err
	}
	scale, err := p.BoolOr("use_scale", false)
	if err != nil {
		return nil, err
	}
	mode, err := p.StringOr("score_mode", "dot")
	if err != nil {
		return nil, err
	}
	drop, err := p.FloatOr("dropout", 0)
	if err != nil {
		return nil, err
	}
	if causal, err := p.BoolOr("causal", false); err != nil {
		return nil, err
	} else if causal {
		return nil, fmt.Errorf("%s: causal=True is not supported", p.Owner())
	}
	p.Ignore("seed")
	return NewAttention(append(opts, Kwarg("use_scale", scale), Kwarg("score_mode", mode), WithDropoutRate(drop))...), nil
}
