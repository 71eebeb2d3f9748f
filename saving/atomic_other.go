//go:build !unix

package saving

// isUnsupported reports a platform that cannot sync directories: all
// errors from syncing one are ignored here.
func isUnsupported(error) bool { return true }
