namespace ModelGen.IO;

/// <summary>
/// A data file (IDX, .npz, ...) exists but its contents are not what they must be.
/// The message always starts with the file's path and says what was wrong, so a user can
/// tell which of several files to replace without a debugger.
/// </summary>
public class InvalidDataFileException : IOException
{
    /// <summary>Creates the exception; the message is "{filePath}: {problem}".</summary>
    /// <param name="filePath">The file whose contents are invalid.</param>
    /// <param name="problem">What was wrong, as a sentence without the path.</param>
    public InvalidDataFileException(string filePath, string problem)
        : this(filePath, problem, null)
    {
    }

    /// <summary>Creates the exception with the error that revealed the problem (a decompressor's, a parser's).</summary>
    /// <param name="filePath">The file whose contents are invalid.</param>
    /// <param name="problem">What was wrong, as a sentence without the path.</param>
    /// <param name="innerException">The lower-level error, or null.</param>
    public InvalidDataFileException(string filePath, string problem, Exception? innerException)
        : base($"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file whose contents are invalid.</summary>
    public string FilePath { get; }

    /// <summary>What was wrong, without the path.</summary>
    public string Problem { get; }
}
