using System.Text;

namespace ModelGen.IO;

/// <summary>
/// The temporary files <see cref="AtomicFile"/> writes beside a target, ".{name}.{32 hex
/// digits}.tmp", and the removal of those that a killed save left behind.
/// </summary>
internal static class TemporaryFiles
{
    private const string Suffix = ".tmp";
    private const int RandomDigits = 32;

    // Most file systems allow 255 bytes in a name; the dot, the random part and the suffix
    // take 38 of them, so a long target's name is cut to fit in its temporaries' names.
    private const int MaxNameBytes = 255;
    private const int MaxStemBytes = MaxNameBytes - 2 - RandomDigits - 4;

    /// <summary>A fresh temporary path for <paramref name="fullPath"/>, in its directory.</summary>
    public static string For(string fullPath)
    {
        string directory = Path.GetDirectoryName(fullPath)!;
        return Path.Combine(directory, $".{Stem(Path.GetFileName(fullPath))}.{Guid.NewGuid():N}{Suffix}");
    }

    /// <summary>
    /// Deletes the temporaries of <paramref name="fullPath"/> that no save is writing any more:
    /// a save holds its temporary open and locked (FileShare.None) until it renames it, so one
    /// that can be opened exclusively belongs to a save that died. Anything that cannot be
    /// deleted is left; a save must not fail over another's rubbish.
    /// </summary>
    /// <remarks>
    /// A save opens its temporary and then locks it; another process's clean-up landing between
    /// the two makes that save fail with a clear error, never corrupts a file. .NET on Unix
    /// takes these locks with flock(2) unless DOTNET_SYSTEM_IO_DISABLEFILELOCKING is set.
    /// </remarks>
    public static void RemoveLeftovers(string fullPath)
    {
        string directory = Path.GetDirectoryName(fullPath)!;
        string stem = Stem(Path.GetFileName(fullPath));
        var options = new EnumerationOptions
        {
            // Temporaries start with a dot, which Unix file enumeration counts as hidden.
            AttributesToSkip = 0,
            IgnoreInaccessible = true,
            MatchType = MatchType.Simple,
        };
        IEnumerable<string> candidates;
        try
        {
            candidates = Directory.EnumerateFiles(directory, "*" + Suffix, options).Where(f => IsTemporaryOf(Path.GetFileName(f), stem)).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string candidate in candidates) TryDelete(candidate);
    }

    /// <summary>True for ".{stem}.{32 lower-case hex digits}.tmp" and nothing else.</summary>
    private static bool IsTemporaryOf(string name, string stem)
    {
        int expectedLength = 1 + stem.Length + 1 + RandomDigits + Suffix.Length;
        if (name.Length != expectedLength || name[0] != '.' || !name.AsSpan(1).StartsWith(stem, StringComparison.Ordinal)
            || name[1 + stem.Length] != '.' || !name.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }
        foreach (char c in name.AsSpan(2 + stem.Length, RandomDigits))
        {
            if (!char.IsAsciiHexDigitLower(c)) return false;
        }
        return true;
    }

    private static void TryDelete(string path)
    {
        try
        {
            // Exclusive, so a temporary some live save holds is not touched; deleted on close.
            using var claimed = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // In use, already gone, or not ours to delete: leave it.
        }
    }

    /// <summary>The target's name, cut (at a character boundary) to fit a temporary's name.</summary>
    private static string Stem(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxStemBytes)
            return name;
        int length = name.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(name.AsSpan(0, length)) > MaxStemBytes) length--;
        if (length > 0 && char.IsHighSurrogate(name[length - 1])) length--;
        return name[..length];
    }
}
