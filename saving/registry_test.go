package saving

import (
	"slices"
	"sync"
	"testing"
)

func TestRegistry(t *testing.T) {
	var r Registry[int]
	if _, _, ok := r.Lookup("Dense"); ok {
		t.Fatal("the zero Registry found a class")
	}
	r.Register("Dense", 1)
	r.Register("Conv2D", 2)
	r.Register("Dense", 3) // replaces
	if fn, name, ok := r.Lookup("Dense"); !ok || fn != 3 || name != "Dense" {
		t.Errorf("Lookup(Dense) = %v, %q, %v, want 3, Dense, true", fn, name, ok)
	}
	if _, _, ok := r.Lookup("dense"); ok {
		t.Error("a case-sensitive Registry matched dense to Dense")
	}
	if got := r.Names(); !slices.Equal(got, []string{"Conv2D", "Dense"}) {
		t.Errorf("Names() = %v", got)
	}

	folded := Registry[int]{FoldCase: true}
	folded.Register("RMSprop", 7)
	if fn, name, ok := folded.Lookup("rmsprop"); !ok || fn != 7 || name != "RMSprop" {
		t.Errorf("folded Lookup(rmsprop) = %v, %q, %v, want 7, RMSprop, true", fn, name, ok)
	}
}

// TestRegistryConcurrent registers and looks up from several goroutines
// (run with -race).
func TestRegistryConcurrent(t *testing.T) {
	var r Registry[int]
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := string(rune('A' + i))
			r.Register(name, i)
			if fn, _, ok := r.Lookup(name); !ok || fn != i {
				t.Errorf("Lookup(%s) = %v, %v", name, fn, ok)
			}
			_ = r.Names()
		}()
	}
	wg.Wait()
	if n := len(r.Names()); n != 8 {
		t.Errorf("%d names, want 8", n)
	}
}
