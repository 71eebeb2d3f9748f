package boxtable

import (
	"reflect"
	"strings"
	"testing"
)

// The summary Keras 3 prints for Dense(64) then Dense(1) on 20 features,
// at the default 76-column width.
const kerasSequential = `┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ dense (Dense)                   │ (None, 64)             │         1,408 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, 1)              │            65 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
`

func TestSequentialLayoutMatchesKeras(t *testing.T) {
	w := Widths([]float64{0.45, 0.80, 1.0}, 76)
	if !reflect.DeepEqual(w, []int{33, 24, 15}) {
		t.Fatalf("Widths = %v, want [33 24 15]", w)
	}
	cols := []Column{{"Layer (type)", Left}, {"Output Shape", Left}, {"Param #", Right}}
	got := Render(cols, w, [][]string{
		{"dense (Dense)", "(None, 64)", "1,408"},
		{"dense_1 (Dense)", "(None, 1)", "65"},
	})
	if got != kerasSequential {
		t.Errorf("got\n%s\nwant\n%s", got, kerasSequential)
	}
}

func TestFunctionalWidthsFillTheLine(t *testing.T) {
	for _, length := range []int{76, 108, 40} {
		w := Widths([]float64{0.3, 0.56, 0.74, 1.0}, length)
		sum := len(w) + 1
		for _, x := range w {
			sum += x
		}
		if sum != length {
			t.Errorf("length %d: widths %v make a %d-column line", length, w, sum)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  []string
	}{
		{"(None, 28, 28, 32)", 10, []string{"(None, 28,", "28, 32)"}},
		{"input_layer_with_a_long_name", 10, []string{"input_laye", "r_with_a_l", "ong_name"}},
		{"a\nb", 5, []string{"a", "b"}},
		{"", 5, []string{""}},
	} {
		if got := Wrap(tc.in, tc.width); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}

func TestTallRowsKeepBordersAligned(t *testing.T) {
	cols := []Column{{"A", Left}, {"B", Right}}
	out := Render(cols, []int{8, 6}, [][]string{{"one two three", "1"}})
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if n := len([]rune(line)); n != 17 {
			t.Errorf("line %q is %d wide, want 17", line, n)
		}
	}
	if !strings.Contains(out, "│ one    │    1 │\n│ two    │      │\n│ three  │      │") {
		t.Errorf("wrapped row wrong:\n%s", out)
	}
}
