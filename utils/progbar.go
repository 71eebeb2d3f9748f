// Package utils holds Keras's utilities (keras.utils): the progress bar
// that Fit, Evaluate and Predict print, for custom loops too, and
// ToCategorical.
package utils

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/term"
)

// ANSI sequences Keras uses for the bar.
const (
	bold    = "\x1b[1m"
	green   = "\x1b[32m"
	white   = "\x1b[37m"
	reset   = "\x1b[0m"
	barRune = "━"
)

// ProgbarValue is one named quantity shown after the bar, such as a metric.
type ProgbarValue struct {
	Name  string
	Value float64
}

// Progbar draws Keras 3's progress bar: the line that Fit, Evaluate and
// Predict print with verbose=1 or verbose=2.
//
// With verbose=1 on a terminal the line is redrawn in place,
//
//	32/32 ━━━━━━━━━━━━━━━━━━━━ 0s 1ms/step - accuracy: 0.5120 - loss: 0.6931
//
// with a 20-cell bar, the ETA while running, the elapsed time at the end, the
// time per step (ignoring the first step, which pays for warm-up) and the
// metrics. When the writer is not a terminal only the final line of each bar
// is written, so logs stay readable. With verbose=2 one line is written when
// the bar completes:
//
//	32/32 - 0s - 1ms/step - accuracy: 0.5120 - loss: 0.6931
//
// A Progbar is bound to one writer and is not safe for concurrent use.
type Progbar struct {
	// Target is the number of steps expected; 0 or less means unknown.
	Target int
	// Width is the number of cells of the bar; Keras uses 20.
	Width int
	// Verbose is 1 for the redrawn bar, 2 for one line at the end, 0 for silence.
	Verbose int
	// Interval is the minimum time between two redraws; Keras uses 50 ms.
	Interval time.Duration
	// UnitName names a step in the time-per-unit field ("step").
	UnitName string
	// Stateful lists the names whose values are shown as given instead of
	// averaged over the updates (Keras's stateful_metrics).
	Stateful map[string]bool
	// Dynamic redraws the line in place with backspaces and a carriage
	// return. New sets it when the writer is a terminal.
	Dynamic bool
	// Color styles the counter and times in bold and the bar in green and
	// grey with ANSI escapes, as Keras does. New sets it when the writer is
	// a terminal, so that logs written to files stay plain text.
	Color bool
	// Now returns the current time; tests replace it.
	Now func() time.Time

	w              io.Writer
	start          time.Time
	afterFirst     time.Time
	haveAfterFirst bool
	lastUpdate     time.Time
	seen           int
	prevWidth      int
	order          []string
	sums           map[string]*[2]float64
	buf            strings.Builder
}

// NewProgbar returns a progress bar for target steps (0 if unknown) that
// writes to w with Keras's defaults: width 20, unit "step", a 50 ms redraw
// interval, and in-place redrawing when w is a terminal. verbose is 1 for
// the redrawn bar, 2 for one line at the end, 0 for silence.
func NewProgbar(w io.Writer, target, verbose int) *Progbar {
	p := &Progbar{
		Target:   target,
		Width:    20,
		Verbose:  verbose,
		Interval: 50 * time.Millisecond,
		UnitName: "step",
		Dynamic:  IsTerminal(w),
		Color:    IsTerminal(w),
		Now:      time.Now,
		w:        w,
		sums:     map[string]*[2]float64{},
	}
	p.start = p.Now()
	return p
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Update moves the bar to step current with the given values. Values not
// listed in Stateful are averaged over the steps seen, weighted by the number
// of steps since the previous update; a final update shows the values as
// given. finalize forces the final draw; it is implied when current reaches a
// known Target.
func (p *Progbar) Update(current int, values []ProgbarValue, finalize bool) error {
	if p.Target > 0 && current >= p.Target {
		finalize = true
	}
	p.record(current, values, finalize)
	now := p.Now()
	perUnit := p.stepDuration(current, now)
	var err error
	switch p.Verbose {
	case 1:
		if !finalize && now.Sub(p.lastUpdate) < p.Interval {
			return nil
		}
		if !p.Dynamic && !finalize {
			// Not a terminal: only the finished line is written.
			break
		}
		err = p.drawLine(current, now, perUnit, finalize)
	case 2:
		if finalize {
			err = p.drawSummary(current, now, perUnit)
		}
	}
	p.lastUpdate = now
	return err
}

// Add moves the bar n steps forward from the last update, as Update does.
func (p *Progbar) Add(n int, values []ProgbarValue) error {
	return p.Update(p.seen+n, values, false)
}

func (p *Progbar) record(current int, values []ProgbarValue, finalize bool) {
	for _, v := range values {
		s, ok := p.sums[v.Name]
		if !ok {
			p.order = append(p.order, v.Name)
			s = new([2]float64)
			p.sums[v.Name] = s
		}
		if p.Stateful[v.Name] || finalize {
			*s = [2]float64{v.Value, 1}
			continue
		}
		base := float64(max(current-p.seen, 1))
		if !ok {
			*s = [2]float64{v.Value * base, base}
		} else {
			s[0] += v.Value * base
			s[1] += base
		}
	}
	p.seen = current
}

// stepDuration estimates the time per step, ignoring the first step when
// more than one has been seen.
func (p *Progbar) stepDuration(current int, now time.Time) float64 {
	if current <= 0 {
		return 0
	}
	var d float64
	if p.haveAfterFirst && current > 1 {
		d = now.Sub(p.afterFirst).Seconds() / float64(current-1)
	} else {
		d = now.Sub(p.start).Seconds() / float64(current)
	}
	if current == 1 {
		p.afterFirst, p.haveAfterFirst = now, true
	}
	return d
}

func (p *Progbar) counter(current int) string {
	digits := int(math.Log10(float64(p.Target))) + 1
	return fmt.Sprintf("%*d/%d", digits, current, p.Target)
}

func (p *Progbar) drawLine(current int, now time.Time, perUnit float64, finalize bool) error {
	b := &p.buf
	b.Reset()
	if p.Dynamic {
		b.WriteString(strings.Repeat("\b", p.prevWidth))
		b.WriteByte('\r')
	}
	width := 0
	if p.Target > 0 {
		c := p.counter(current)
		b.WriteString(p.style(bold, c) + " ")
		filled := min(int(float64(p.Width)*float64(current)/float64(p.Target)), p.Width)
		if filled > 0 {
			b.WriteString(p.style(green, strings.Repeat(barRune, filled)))
		}
		b.WriteString(p.style(white, strings.Repeat(barRune, p.Width-filled)))
		width += len(c) + 1 + p.Width
	} else {
		c := fmt.Sprintf("%7d/Unknown", current)
		b.WriteString(c)
		width += len(c)
	}
	var t string
	if p.Target > 0 && !finalize {
		t = formatETA(perUnit * float64(p.Target-current))
	} else {
		t = fmt.Sprintf("%.0fs", now.Sub(p.start).Seconds())
	}
	info := p.formatTime(perUnit) + p.formatValues(func(v float64) bool { return math.Abs(v) > 1e-3 })
	b.WriteString(" " + p.style(bold, t) + info)
	width += 1 + len(t) + utf8.RuneCountInString(info)
	if p.prevWidth > width {
		b.WriteString(strings.Repeat(" ", p.prevWidth-width))
	}
	if finalize {
		b.WriteByte('\n')
	}
	p.prevWidth = width
	_, err := io.WriteString(p.w, b.String())
	return err
}

func (p *Progbar) drawSummary(current int, now time.Time, perUnit float64) error {
	var c string
	if p.Target > 0 {
		c = p.counter(current)
	} else {
		c = fmt.Sprintf("%d/Unknown", current)
	}
	// Keras's verbose=2 line tests v > 1e-3 without abs, so negative values
	// print in exponent form; kept for identical logs.
	line := fmt.Sprintf("%s - %.0fs -%s%s\n", c, now.Sub(p.start).Seconds(),
		p.formatTime(perUnit), p.formatValues(func(v float64) bool { return v > 1e-3 }))
	_, err := io.WriteString(p.w, line)
	return err
}

// style wraps s in the ANSI escape code when Color is set.
func (p *Progbar) style(code, s string) string {
	if !p.Color {
		return s
	}
	return code + s + reset
}

func (p *Progbar) formatTime(perUnit float64) string {
	switch {
	case perUnit >= 1 || perUnit == 0:
		return fmt.Sprintf(" %.0fs/%s", perUnit, p.UnitName)
	case perUnit >= 1e-3:
		return fmt.Sprintf(" %.0fms/%s", perUnit*1e3, p.UnitName)
	default:
		return fmt.Sprintf(" %.0fus/%s", perUnit*1e6, p.UnitName)
	}
}

func (p *Progbar) formatValues(fixed func(float64) bool) string {
	var b strings.Builder
	for _, name := range p.order {
		s := p.sums[name]
		avg := s[0] / math.Max(1, s[1])
		if fixed(avg) {
			fmt.Fprintf(&b, " - %s: %.4f", name, avg)
		} else {
			fmt.Fprintf(&b, " - %s: %.4e", name, avg) // as Python's %.4e
		}
	}
	return b.String()
}

// formatETA formats seconds as Keras does: "%ds", "%d:%02d" above a minute,
// "%d:%02d:%02d" above an hour.
func formatETA(eta float64) string {
	s := int(eta)
	switch {
	case eta > 3600:
		return fmt.Sprintf("%d:%02d:%02d", s/3600, (s%3600)/60, s%60)
	case eta > 60:
		return fmt.Sprintf("%d:%02d", s/60, s%60)
	default:
		return fmt.Sprintf("%ds", s)
	}
}
