package directives

import "github.com/bpvet/bpvet/runtime"

func f(w *runtime.ByteWriter, p []byte) {
	for range 3 {
		w.Write(p) //bpvet:ignore BP001 the sink is unbounded by design

		//bpvet:ignore BP001 the line above
		w.Write(p)

		//bpvet:ignore BP001,BP002 both rules
		w.Write(p)

		w.Write(p) //bpvet:ignore BP002 wrong rule // want `ignored in loop`

		/* // want `bpvet:ignore directive needs a reason` */ //bpvet:ignore BP001
		w.Write(p)                                            // want `ignored in loop`

		/* // want `unknown rule "BP999"` */ //bpvet:ignore BP999 typo
		w.Write(p)                           // want `ignored in loop`

		/* // want `names no rule` */ //bpvet:ignore
		w.Write(p)                    // want `ignored in loop`

		x := 1     //bpvet:ignore BP001 a trailing directive covers only its own line
		w.Write(p) // want `ignored in loop`
		_ = x

		//bpvet:ignored is another word
		w.Write(p) // want `ignored in loop`
	}
}
