package optimizers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/graph"
)

// ftrlRef is Keras 3's Ftrl update in float64.
func ftrlRef(lr, power, init, l1, l2, shrink, beta float64) func(r cast) refStep {
	return func(r cast) refStep {
		n, z := filled(r(init)), zeros()
		return func(_ int, ws, gs [][]float64) {
			l2reg := r(l2) + r(beta)/(2*lr)
			each(ws, gs, func(i, j int, w, g float64) float64 {
				gs := g + r(2*shrink)*w
				n1 := n[i][j] + g*g
				sigma := (math.Pow(n1, r(-power)) - math.Pow(n[i][j], r(-power))) / lr
				z[i][j] += gs - sigma*w
				n[i][j] = n1
				q := math.Pow(n1, r(-power))/lr + 2*l2reg
				return (math.Max(-l1, math.Min(l1, z[i][j])) - z[i][j]) / q
			})
		}
	}
}

func TestFtrlFiveSteps(t *testing.T) {
	checkSteps(t, func() Optimizer { return NewFtrl() }, ftrlRef(f32(0.001), -0.5, 0.1, 0, 0, 0, 0))
	newOpt := func() Optimizer {
		return NewFtrl(WithLearningRate(0.5), WithLearningRatePower(-0.7), WithInitialAccumulatorValue(0.3),
			WithL1RegularizationStrength(0.01), WithL2RegularizationStrength(0.02),
			WithL2ShrinkageRegularizationStrength(0.03), WithBeta(0.4))
	}
	checkSteps(t, newOpt, ftrlRef(f32(0.5), -0.7, 0.3, 0.01, 0.02, 0.03, 0.4))
	o := NewFtrl()
	if o.LearningRatePower != -0.5 || o.InitialAccumulatorValue != 0.1 || o.L1RegularizationStrength != 0 ||
		o.L2RegularizationStrength != 0 || o.L2ShrinkageRegularizationStrength != 0 || o.Beta != 0 || o.ClassName() != "Ftrl" {
		t.Errorf("defaults %+v", o)
	}
}

// TestFtrlL1Zeroes checks the sparsity Ftrl is for: a weight whose linear
// term stays within ±l1 is exactly zero.
func TestFtrlL1Zeroes(t *testing.T) {
	got, _ := run(t, NewFtrl(WithLearningRate(0.5), WithL1RegularizationStrength(100)), graph.Float32)
	for s := range got {
		for i := range got[s] {
			for j, w := range got[s][i] {
				if w != 0 {
					t.Fatalf("step %d, %s[%d] = %v, want 0", s+1, fiveNames[i], j, w)
				}
			}
		}
	}
}

func TestFtrlArguments(t *testing.T) {
	for _, opt := range []Option{WithLearningRatePower(0.5), WithInitialAccumulatorValue(-0.1),
		WithL1RegularizationStrength(-1), WithL2RegularizationStrength(-1), WithL2ShrinkageRegularizationStrength(-1)} {
		if NewFtrl(opt).Err() == nil {
			t.Errorf("%v accepted", NewFtrl(opt))
		}
	}
}
