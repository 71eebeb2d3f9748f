package initializers_test

import (
	"fmt"
	"math"

	"github.com/gokeras/gokeras/initializers"
)

// Orthogonal gives a (4, 2) kernel orthonormal columns, times the gain.
func ExampleOrthogonal() {
	o := initializers.NewOrthogonal(42)
	o.Gain = 2
	w, err := o.Init([]int{4, 2}, nil)
	if err != nil {
		panic(err)
	}
	d := w.Data()
	var c00, c01, c11 float64
	for i := range 4 {
		a, b := float64(d[2*i]), float64(d[2*i+1])
		c00, c01, c11 = c00+a*a, c01+a*b, c11+b*b
	}
	fmt.Printf("%.4f %.4f %.4f\n", c00, math.Abs(c01), c11)
	// Output: 4.0000 0.0000 4.0000
}
