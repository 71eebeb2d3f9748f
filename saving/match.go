package saving

import (
	"fmt"

	"github.com/gokeras/gokeras/tensor"
)

// LayerSpec describes one model layer for MatchWeights: its name and the
// shapes of its weights, in the layer's order.
type LayerSpec struct {
	Name   string
	Shapes [][]int
}

// Assignment pairs a model layer (an index into the specs given to
// MatchWeights) with the saved weights to load into it, one per shape.
type Assignment struct {
	Layer int
	Saved *LayerWeights
}

// MatchOptions are the options of Keras's load_weights for legacy files.
type MatchOptions struct {
	// ByName matches layers by name instead of by position; saved layers
	// the model does not have are ignored.
	ByName bool
	// SkipMismatch (with ByName) skips layers whose weight count or shapes
	// differ, reporting each as a warning, instead of failing.
	SkipMismatch bool
}

// MatchWeights decides which saved layer's weights go into which model
// layer, as Keras's load_weights does with a legacy HDF5 file: by position
// among the layers that have weights (a weights file from another run of
// the same architecture loads even if its layer names differ), or by name.
// It checks weight counts and shapes and returns errors worded as Keras's.
// Layers without weights on either side take no part.
func MatchWeights(saved []LayerWeights, model []LayerSpec, opt MatchOptions) ([]Assignment, []string, error) {
	if opt.ByName {
		return matchByName(saved, model, opt.SkipMismatch)
	}
	var mi []int
	for i, s := range model {
		if len(s.Shapes) > 0 {
			mi = append(mi, i)
		}
	}
	var si []int
	for i := range saved {
		if len(saved[i].Weights) > 0 {
			si = append(si, i)
		}
	}
	if len(mi) != len(si) {
		return nil, nil, fmt.Errorf("saving: layer count mismatch when loading weights: the model expects %d layers with weights, the file holds %d", len(mi), len(si))
	}
	out := make([]Assignment, len(mi))
	for k := range mi {
		l, s := model[mi[k]], &saved[si[k]]
		if err := checkLayer(k, l, s); err != nil {
			return nil, nil, err
		}
		out[k] = Assignment{Layer: mi[k], Saved: s}
	}
	return out, nil, nil
}

func matchByName(saved []LayerWeights, model []LayerSpec, skip bool) ([]Assignment, []string, error) {
	index := map[string]int{}
	for i, s := range model {
		index[s.Name] = i
	}
	var out []Assignment
	var warnings []string
	for k := range saved {
		s := &saved[k]
		i, ok := index[s.Name]
		if !ok || (len(s.Weights) == 0 && len(model[i].Shapes) == 0) {
			continue
		}
		if err := checkLayer(k, model[i], s); err != nil {
			if !skip {
				return nil, nil, err
			}
			warnings = append(warnings, "skipping: "+err.Error())
			continue
		}
		out = append(out, Assignment{Layer: i, Saved: s})
	}
	return out, warnings, nil
}

func checkLayer(k int, l LayerSpec, s *LayerWeights) error {
	if len(l.Shapes) != len(s.Weights) {
		return fmt.Errorf("saving: weight count mismatch for layer #%d (named %q in the model, %q in the file): the layer expects %d weight(s), received %d saved weight(s)",
			k, l.Name, s.Name, len(l.Shapes), len(s.Weights))
	}
	for j, want := range l.Shapes {
		got := s.Weights[j].Value.Shape()
		if !tensor.SameShape(want, got) {
			return fmt.Errorf("saving: shape mismatch in layer #%d (named %q) for weight %q: the weight expects shape %s, received saved weight with shape %s",
				k, l.Name, s.Weights[j].Name, tensor.ShapeString(want), tensor.ShapeString(got))
		}
	}
	return nil
}
