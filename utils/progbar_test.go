package utils

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

var ansi = regexp.MustCompile("\x1b\\[[0-9]+m")

// clock is a fake time source advanced by the tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newBar(w *bytes.Buffer, target, verbose int, dynamic bool) (*Progbar, *clock) {
	c := &clock{t: time.Unix(1000, 0)}
	p := NewProgbar(w, target, verbose)
	p.Now = c.now
	p.start = c.now()
	p.Dynamic = dynamic
	p.Color = true
	return p, c
}

func TestFinalLineMatchesKeras(t *testing.T) {
	var w bytes.Buffer
	p, c := newBar(&w, 32, 1, false)
	for i := 1; i <= 32; i++ {
		c.advance(time.Millisecond)
		if err := p.Update(i, []ProgbarValue{{"accuracy", 0.5120}, {"loss", 0.6931}}, false); err != nil {
			t.Fatal(err)
		}
	}
	want := "\x1b[1m32/32\x1b[0m \x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m\x1b[37m\x1b[0m \x1b[1m0s\x1b[0m 1ms/step - accuracy: 0.5120 - loss: 0.6931\n"
	if got := w.String(); got != want {
		t.Errorf("non-terminal output:\n got %q\nwant %q", got, want)
	}
}

func TestDynamicRedrawShowsETAAndPads(t *testing.T) {
	var w bytes.Buffer
	p, c := newBar(&w, 100, 1, true)
	c.advance(time.Second)
	p.Update(1, []ProgbarValue{{"loss", 1}}, false)
	c.advance(2 * time.Second)
	p.Update(50, []ProgbarValue{{"loss", 0.5}}, false)
	out := w.String()
	lines := strings.Split(out, "\r")
	if len(lines) != 3 {
		t.Fatalf("want two redraws, got %q", out)
	}
	second := lines[2]
	// 49 steps in 2 s after the first: 2/49 s per step, 50 left: ETA 2 s.
	if !strings.Contains(second, "\x1b[1m 50/100\x1b[0m") || !strings.Contains(second, "\x1b[1m2s\x1b[0m 41ms/step") {
		t.Errorf("second draw %q lacks the counter or the ETA", second)
	}
	// 10 cells of 20 are green.
	if !strings.Contains(second, "\x1b[32m"+strings.Repeat("━", 10)+"\x1b[0m\x1b[37m"+strings.Repeat("━", 10)) {
		t.Errorf("bar not half full: %q", second)
	}
	// loss averaged over steps: (1*1 + 0.5*49)/50 = 0.51.
	if !strings.Contains(second, "loss: 0.5100") {
		t.Errorf("running average wrong: %q", second)
	}
	// The redraw starts with one backspace per visible cell of the first
	// draw, then the carriage return.
	first := strings.TrimRight(lines[1], "\b")
	erased := len(lines[1]) - len(first)
	visible := len([]rune(ansi.ReplaceAllString(first, "")))
	if erased != visible {
		t.Errorf("redraw erases %d cells, the first line had %d: %q", erased, visible, first)
	}
}

func TestPlainTextWithoutColor(t *testing.T) {
	var w bytes.Buffer
	p, c := newBar(&w, 4, 1, false)
	p.Color = false
	for i := 1; i <= 4; i++ {
		c.advance(2 * time.Millisecond)
		p.Update(i, []ProgbarValue{{"loss", 0.25}}, false)
	}
	want := "4/4 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - loss: 0.2500\n"
	if got := w.String(); got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestIntervalThrottlesRedraws(t *testing.T) {
	var w bytes.Buffer
	p, c := newBar(&w, 10, 1, true)
	for i := 1; i < 10; i++ {
		c.advance(time.Millisecond)
		p.Update(i, nil, false)
	}
	if n := strings.Count(w.String(), "\r"); n != 1 {
		t.Errorf("updates 1 ms apart with a 50 ms interval drew %d times, want 1", n)
	}
	p.Update(10, nil, false)
	if !strings.HasSuffix(w.String(), "\n") {
		t.Errorf("final update was not forced: %q", w.String())
	}
}

func TestVerbose2OneLine(t *testing.T) {
	var w bytes.Buffer
	p, c := newBar(&w, 5000, 2, false)
	for i := 1; i <= 5000; i++ {
		c.advance(2 * time.Millisecond)
		p.Update(i, []ProgbarValue{{"loss", 20443820}, {"mae", -0.5}}, false)
	}
	want := "5000/5000 - 10s - 2ms/step - loss: 20443820.0000 - mae: -5.0000e-01\n"
	if got := w.String(); got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestUnknownTargetAndSmallValues(t *testing.T) {
	var w bytes.Buffer
	p, c := newBar(&w, 0, 1, false)
	c.advance(3 * time.Microsecond)
	p.Update(7, []ProgbarValue{{"loss", 0.0001234}}, true)
	want := "      7/Unknown \x1b[1m0s\x1b[0m 0us/step - loss: 1.2340e-04\n"
	if got := w.String(); got != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestFormatETA(t *testing.T) {
	for _, tc := range []struct {
		s    float64
		want string
	}{{5.9, "5s"}, {60, "60s"}, {61, "1:01"}, {3599, "59:59"}, {3601, "1:00:01"}, {7322, "2:02:02"}} {
		if got := formatETA(tc.s); got != tc.want {
			t.Errorf("formatETA(%v) = %q, want %q", tc.s, got, tc.want)
		}
	}
}
