package saving_test

import (
	"strings"
	"testing"

	"github.com/gokeras/gokeras/saving"
)

func kotlinSpecs(hidden int) []saving.LayerSpec {
	lstm := func(name string, in int) saving.LayerSpec {
		return saving.LayerSpec{Name: name, Shapes: [][]int{{in, 4 * hidden}, {hidden, 4 * hidden}, {4 * hidden}}}
	}
	return []saving.LayerSpec{
		{Name: "lstm_3_input"},
		lstm("lstm_3", 41), {Name: "dropout_3"}, lstm("lstm_4", hidden), {Name: "dropout_4"}, lstm("lstm_5", hidden), {Name: "dropout_5"},
		{Name: "dense_1", Shapes: [][]int{{hidden, 41}, {41}}}, {Name: "activation_1"},
	}
}

// TestMatchWeights loads the KotlinDL weights, saved under other layer
// names, into the model.json architecture by position, and shows what
// by-name matching and shape mismatches do.
func TestMatchWeights(t *testing.T) {
	w := readH5File(t, "kotlindl/lstm/weights.h5")
	got, warnings, err := saving.MatchWeights(w.Layers, kotlinSpecs(64), saving.MatchOptions{})
	if err != nil || len(warnings) != 0 {
		t.Fatal(err, warnings)
	}
	var pairs []string
	for _, a := range got {
		pairs = append(pairs, kotlinSpecs(64)[a.Layer].Name+"="+a.Saved.Name)
	}
	if s := strings.Join(pairs, " "); s != "lstm_3=lstm_9 lstm_4=lstm_10 lstm_5=lstm_11 dense_1=dense_3" {
		t.Errorf("matched %s", s)
	}
	if got, _, err := saving.MatchWeights(w.Layers, kotlinSpecs(64), saving.MatchOptions{ByName: true}); err != nil || len(got) != 0 {
		t.Errorf("by name: %d matches, %v", len(got), err)
	}
	if _, _, err := saving.MatchWeights(w.Layers, kotlinSpecs(32), saving.MatchOptions{}); err == nil ||
		!strings.Contains(err.Error(), `shape mismatch in layer #0 (named "lstm_3") for weight "lstm_9/lstm_cell_9/kernel:0": the weight expects shape (41, 128), received saved weight with shape (41, 256)`) {
		t.Errorf("shape mismatch: %v", err)
	}
	if _, _, err := saving.MatchWeights(w.Layers, kotlinSpecs(64)[:3], saving.MatchOptions{}); err == nil || !strings.Contains(err.Error(), "layer count mismatch") {
		t.Errorf("count mismatch: %v", err)
	}
	renamed := kotlinSpecs(32)
	renamed[1].Name, renamed[7].Name = "lstm_9", "dense_3"
	renamed[7].Shapes = [][]int{{64, 41}, {41}}
	got, warnings, err = saving.MatchWeights(w.Layers, renamed, saving.MatchOptions{ByName: true, SkipMismatch: true})
	if err != nil || len(got) != 1 || renamed[got[0].Layer].Name != "dense_3" || len(warnings) != 1 || !strings.Contains(warnings[0], "lstm_9") {
		t.Errorf("by name, skipping: %v %v %v", got, warnings, err)
	}
	if _, _, err := saving.MatchWeights(w.Layers, renamed, saving.MatchOptions{ByName: true}); err == nil {
		t.Error("a mismatch by name without SkipMismatch succeeded")
	}
	renamed[7].Shapes = renamed[7].Shapes[:1]
	if _, _, err := saving.MatchWeights(w.Layers, renamed[7:8], saving.MatchOptions{ByName: true}); err == nil || !strings.Contains(err.Error(), "weight count mismatch") {
		t.Errorf("weight count: %v", err)
	}
}
