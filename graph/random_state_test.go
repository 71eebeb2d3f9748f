package graph

import (
	"testing"
)

func TestRandomStateRestoresStreams(t *testing.T) {
	g := New()
	g.SetSeed(7)
	a := g.rng(0)
	b := g.rng(3)
	a.Uint64()
	b.Uint64()
	b.Uint64()
	st, err := g.RandomState()
	if err != nil {
		t.Fatal(err)
	}
	want := []uint64{a.Uint64(), b.Uint64(), g.rng(5).Uint64()}

	h := New()
	if err := h.SetRandomState(st); err != nil {
		t.Fatal(err)
	}
	got := []uint64{h.rng(0).Uint64(), h.rng(3).Uint64(), h.rng(5).Uint64()}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("stream draw %d: %d after restore, want %d", i, got[i], want[i])
		}
	}
	for _, bad := range [][]byte{nil, st[:len(st)-1], append(append([]byte(nil), st...), 0)} {
		if err := New().SetRandomState(bad); err == nil {
			t.Errorf("a malformed state of %d bytes was accepted", len(bad))
		}
	}
}
