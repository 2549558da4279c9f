namespace ModelGen.IO;

/// <summary>
/// A data file (IDX, .npz, ...) exists but its contents are not what they must be.
/// The message always starts with the file's path and says what was wrong, so a user can
/// tell which of several files to replace without a debugger.
/// </summary>
public class InvalidDataFileException : IOException
{
    public InvalidDataFileException(string filePath, string problem)
        : this(filePath, problem, null)
    {
    }

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
