package graph

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/gokeras/gokeras/tensor"
)

// RandomState returns the state of g's random streams (its seed and the
// position of every stream drawn from so far), for SetRandomState to
// restore in this graph or in another graph built the same way: the
// random ops then draw what they would have drawn next. It waits for
// running functions that use the streams.
func (g *Graph) RandomState() ([]byte, error) {
	g.state.Lock()
	defer g.state.Unlock()
	ids := make([]int64, 0, len(g.rngs))
	for id := range g.rngs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	b := binary.LittleEndian.AppendUint64(nil, g.seed)
	b = binary.LittleEndian.AppendUint64(b, uint64(len(ids)))
	for _, id := range ids {
		s, err := g.rngs[id].MarshalBinary()
		if err != nil {
			return nil, err
		}
		b = binary.LittleEndian.AppendUint64(b, uint64(id))
		b = binary.LittleEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b, nil
}

var errRandomState = errors.New("graph: SetRandomState: truncated or malformed state")

// SetRandomState restores random streams saved by RandomState. On error g
// is unchanged.
func (g *Graph) SetRandomState(b []byte) error {
	u64 := func() (uint64, error) {
		if len(b) < 8 {
			return 0, errRandomState
		}
		v := binary.LittleEndian.Uint64(b)
		b = b[8:]
		return v, nil
	}
	seed, err := u64()
	if err != nil {
		return err
	}
	n, err := u64()
	if err != nil {
		return err
	}
	if n > uint64(len(b))/16 {
		return errRandomState
	}
	rngs := make(map[int64]*tensor.RNG, n)
	for range n {
		id, err := u64()
		if err != nil {
			return err
		}
		size, err := u64()
		if err != nil {
			return err
		}
		if size > uint64(len(b)) {
			return errRandomState
		}
		r := tensor.NewRNG(0)
		if err := r.UnmarshalBinary(b[:size]); err != nil {
			return fmt.Errorf("graph: SetRandomState: stream %d: %w", int64(id), err)
		}
		b = b[size:]
		rngs[int64(id)] = r
	}
	if len(b) != 0 {
		return errRandomState
	}
	g.state.Lock()
	g.seed, g.rngs = seed, rngs
	g.state.Unlock()
	return nil
}
