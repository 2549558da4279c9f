namespace ModelGen.Samples.Mnist.Book;

/// <summary>Our number and, on the next line, the book's, each starting in the same column.</summary>
internal static class BookLine
{
    /// <summary>"the book: {value}", placed so that the value starts under the value of a line beginning with <paramref name="prefix"/>.</summary>
    public static string Under(string prefix, string bookValue) => "the book: ".PadLeft(prefix.Length) + bookValue;
}
