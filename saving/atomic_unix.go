//go:build unix

package saving

import (
	"errors"
	"syscall"
)

// isUnsupported reports a file system that cannot sync directories.
func isUnsupported(err error) bool {
	return errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP)
}
