namespace ModelGen.Data;

/// <summary>
/// No source could provide a dataset. The message lists every source tried, why each
/// failed and how to fix it; <see cref="Attempts"/> holds the same per source.
/// </summary>
public class DataUnavailableException : IOException
{
    /// <summary>Creates the exception from its full message and the one line per source behind it.</summary>
    /// <param name="message">What was tried, in order, and how to fix it.</param>
    /// <param name="attempts">One line per source tried: the source and why it failed.</param>
    public DataUnavailableException(string message, IReadOnlyList<string> attempts)
        : base(message)
    {
        Attempts = attempts;
    }

    /// <summary>One line per source tried: the source and why it failed.</summary>
    public IReadOnlyList<string> Attempts { get; }
}
