// Package layers holds Keras's layers and the machinery every layer shares:
// weights (Variable), symbolic tensors of the functional API (KerasTensor,
// Input), and the Layer interface that models call.
//
// A layer is built once, from the shapes of its first inputs, creating its
// weights with seeded initializers. Called on graph nodes it adds the nodes
// of its computation to the graph (Call); called on KerasTensors it records
// the call so that a functional model can replay it (Apply). A layer knows
// training from inference through the Context of the call: Dropout drops
// only while training.
//
// Constructors take Keras's positional arguments and then options named
// after Keras's keyword arguments:
//
//	layers.NewDense(32, layers.WithInputDim(100))
//	layers.NewDense(64, layers.WithActivation("relu"), layers.WithKernelRegularizer(regularizers.L2(0.01)))
//
// Errors follow the graph package's sticky rule: a layer given an option it
// does not take, or called on inputs of the wrong shape, records the error,
// and the model that holds it reports it (Add, Compile, Fit), naming the
// layer and the shapes.
//
// Adding a layer is a one-file job: a struct that embeds Base, a constructor
// that calls Base.Init, and the three methods ComputeOutputShape, Build and
// Call. Dense (dense.go) is the model to copy.
package layers
