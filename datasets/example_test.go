package datasets_test

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/gokeras/gokeras/datasets"
)

func ExampleLoadIris() {
	iris, err := datasets.LoadIris()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("X:", iris.X.Shape(), "Y:", iris.Y.Shape())
	fmt.Println("classes:", iris.ClassNames)
	fmt.Println("first flower:", iris.X.Data()[:4], "is a", iris.ClassNames[iris.Y.Data()[0]])
	// Output:
	// X: [150 4] Y: [150]
	// classes: [setosa versicolor virginica]
	// first flower: [5.1 3.5 1.4 0.2] is a setosa
}

func ExampleLoadDigits() {
	digits, err := datasets.LoadDigits()
	if err != nil {
		log.Fatal(err)
	}
	images, err := digits.X.Reshape(-1, 8, 8)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("images:", images.Shape(), "first label:", digits.Y.Data()[0])
	// The first image, row by row: a zero.
	for r := range 8 {
		for c := range 8 {
			if images.At(0, r, c) > 4 {
				fmt.Print("#")
			} else {
				fmt.Print(".")
			}
		}
		fmt.Println()
	}
	// Output:
	// images: [1797 8 8] first label: 0
	// ..###...
	// ..#####.
	// ..#..##.
	// ..#..##.
	// .##..##.
	// ..#..##.
	// ..####..
	// ..###...
}

// LoadMNIST needs the MNIST files (see its documentation), so this example
// is compiled but not run by go test.
func ExampleLoadMNIST() {
	// Like Keras: (x_train, y_train), (x_test, y_test) = mnist.load_data(),
	// here with the pixels scaled to [0, 1] while decoding.
	train, test, err := datasets.LoadMNIST(datasets.WithRescale(1.0 / 255))
	if errors.Is(err, datasets.ErrNotFound) {
		log.Fatal(err) // the message says how to get the files
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(train.X.Shape(), train.Y.Shape(), test.X.Shape(), test.Y.Shape())
	// For a Dense network, flatten each image to 784 values.
	flat, err := train.X.Reshape(-1, 28*28)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(flat.Shape())
}

func ExampleReadIDX() {
	// Write a 2×3 array of uint8 in the IDX format, then read it back.
	var buf bytes.Buffer
	err := datasets.WriteIDX(&buf, &datasets.IDX{
		Type:  datasets.IDXUint8,
		Shape: []int{2, 3},
		Data:  []byte{0, 128, 255, 1, 2, 3},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("% x\n", buf.Bytes()[:12])
	x, err := datasets.ReadIDX(&buf)
	if err != nil {
		log.Fatal(err)
	}
	t, err := x.Float32()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(x.Type, t.Shape(), t.Data())

	// Malformed input is reported, never trusted.
	_, err = datasets.ReadIDX(bytes.NewReader([]byte{0, 0, 8, 1, 0, 0, 0, 9, 1, 2}))
	fmt.Println(err)
	// Output:
	// 00 00 08 02 00 00 00 02 00 00 00 03
	// uint8 [2 3] [0 128 255 1 2 3]
	// datasets: IDX: truncated: header declares uint8 (9,) (9 bytes) but only 2 bytes follow
}

func ExampleReadCSV() {
	table := `2,3,small,large
1.0,2.5,3,0
10,20,30,1
`
	s, err := datasets.ReadCSV(strings.NewReader(table), true)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.X.Shape(), s.X.Data(), s.Y.Data(), s.ClassNames)
	// Output:
	// [2 3] [1 2.5 3 10 20 30] [0 1] [small large]
}

// LoadFashionMNIST needs the Fashion-MNIST files (see its documentation),
// so this example is compiled but not run by go test.
func ExampleLoadFashionMNIST() {
	train, _, err := datasets.LoadFashionMNIST()
	if err != nil {
		log.Fatal(err) // wraps datasets.ErrNotFound if the files are missing
	}
	first := train.Y.Data()[0]
	fmt.Printf("%d training images; the first is class %d, %q\n", train.Len(), first, train.ClassNames[first])
}
