using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("ModelGen.Tests")]
