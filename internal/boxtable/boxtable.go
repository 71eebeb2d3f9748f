// Package boxtable renders the box-drawn tables of Keras 3's model summary:
// a heavy header box, light row boxes with a rule between rows, columns sized
// from fractional positions of the line length and shrunk to fit the borders
// the way Keras's table renderer does.
package boxtable

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Align is a column's justification.
type Align int

const (
	// Left pads on the right.
	Left Align = iota
	// Right pads on the left.
	Right
)

// Column is one column of a table.
type Column struct {
	Header string
	Align  Align
}

// Widths turns Keras's column positions (fractions of the line length, the
// last one 1.0) into the widths of the cells between the borders, padding
// included. The columns first get int(pos*lineLength) minus the previous
// position, plus one space of padding each side; the excess over the room
// between the borders is then taken from the columns evenly, rounding half to
// even as Keras's renderer does.
func Widths(positions []float64, lineLength int) []int {
	n := len(positions)
	widths := make([]int, n)
	current, total := 0, 0
	for i, p := range positions {
		w := int(p*float64(lineLength)) - current
		current += w
		widths[i] = w + 2
		total += widths[i]
	}
	room := lineLength - (n + 1)
	if total <= room {
		return widths
	}
	remaining, ratioLeft := float64(total-room), float64(n)
	for i := range widths {
		d := math.RoundToEven(remaining / ratioLeft)
		d = math.Min(d, float64(widths[i]))
		widths[i] -= int(d)
		remaining -= d
		ratioLeft--
	}
	return widths
}

// Render draws the table with cells of the given widths (padding included,
// as returned by Widths). Text wider than a cell wraps at spaces, and a word
// wider than a cell is cut. Every line ends with a newline.
func Render(cols []Column, widths []int, rows [][]string) string {
	var b strings.Builder
	rule := func(left, fill, mid, right string) {
		b.WriteString(left)
		for i, w := range widths {
			if i > 0 {
				b.WriteString(mid)
			}
			b.WriteString(strings.Repeat(fill, w))
		}
		b.WriteString(right + "\n")
	}
	headers := make([]string, len(cols))
	for i, c := range cols {
		headers[i] = c.Header
	}
	rule("┏", "━", "┳", "┓")
	writeRow(&b, "┃", cols, widths, headers)
	rule("┡", "━", "╇", "┩")
	for i, r := range rows {
		if i > 0 {
			rule("├", "─", "┼", "┤")
		}
		writeRow(&b, "│", cols, widths, r)
	}
	rule("└", "─", "┴", "┘")
	return b.String()
}

// writeRow writes one row, as many lines tall as its tallest wrapped cell.
func writeRow(b *strings.Builder, bar string, cols []Column, widths []int, cells []string) {
	wrapped := make([][]string, len(cols))
	height := 1
	for i := range cols {
		text := ""
		if i < len(cells) {
			text = cells[i]
		}
		wrapped[i] = Wrap(text, max(widths[i]-2, 1))
		height = max(height, len(wrapped[i]))
	}
	for line := 0; line < height; line++ {
		b.WriteString(bar)
		for i, c := range cols {
			text := ""
			if line < len(wrapped[i]) {
				text = wrapped[i][line]
			}
			pad := strings.Repeat(" ", max(widths[i]-2-utf8.RuneCountInString(text), 0))
			if c.Align == Right {
				b.WriteString(" " + pad + text + " ")
			} else {
				b.WriteString(" " + text + pad + " ")
			}
			b.WriteString(bar)
		}
		b.WriteString("\n")
	}
}

// Wrap breaks text into lines of at most width runes, at spaces where it can
// and inside words that are longer than a line. Explicit newlines are kept.
func Wrap(text string, width int) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			for utf8.RuneCountInString(word) > width {
				if line != "" {
					lines = append(lines, line)
					line = ""
				}
				r := []rune(word)
				lines = append(lines, string(r[:width]))
				word = string(r[width:])
			}
			switch {
			case line == "":
				line = word
			case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
				line += " " + word
			default:
				lines = append(lines, line)
				line = word
			}
		}
		lines = append(lines, line)
	}
	return lines
}
