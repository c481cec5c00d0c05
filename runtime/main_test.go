package runtime_test

import (
	"testing"

	"go.uber.org/goleak"
)

// Every test in the package must leave no goroutine behind: a writer that
// ended or failed holds none.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
