module github.com/gokeras/gokeras

go 1.26.0

require (
	golang.org/x/sys v0.50.0
	golang.org/x/term v0.37.0
)
