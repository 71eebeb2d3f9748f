module github.com/gokeras/gokeras

go 1.26.0

require (
	github.com/scigolib/hdf5 v0.14.0
	golang.org/x/sys v0.50.0
	golang.org/x/term v0.37.0
)
