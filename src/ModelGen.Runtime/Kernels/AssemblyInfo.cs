using System.Runtime.CompilerServices;

// The tests force each SIMD path and the thread pool's internals through internal entry points.
[assembly: InternalsVisibleTo("ModelGen.Tests")]
