using System.Globalization;
using System.Text;

namespace ModelGen.Serialization;

/// <summary>
/// Parses the small subset of Python literal syntax an .npy header uses: a dict of strings,
/// booleans, None, integers, tuples and lists. Tuples become <see cref="PythonTuple"/>,
/// lists <see cref="List{T}"/>, dicts <see cref="Dictionary{TKey, TValue}"/>, integers long.
/// </summary>
/// <remarks>Written for the header only: anything outside that subset is a format error.</remarks>
internal sealed class PythonLiteral
{
    // A real header nests two deep (a dict holding the shape tuple); structured dtypes, which
    // are refused later anyway, a few more. The limit keeps a hostile header of thousands of
    // '(' from overflowing the stack, which would end the process, not throw.
    private const int MaxDepth = 16;

    private readonly string _text;
    private int _position;
    private int _depth;

    private PythonLiteral(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/> as a single literal followed only by whitespace.</summary>
    /// <exception cref="FormatException">Not a literal of the supported subset.</exception>
    public static object? Parse(string text)
    {
        var parser = new PythonLiteral(text);
        object? value = parser.ParseValue();
        parser.SkipWhitespace();
        if (parser._position != text.Length)
            throw parser.Error("unexpected text after the literal");
        return value;
    }

    private object? ParseValue()
    {
        SkipWhitespace();
        if (_position >= _text.Length)
            throw Error("unexpected end");
        char c = _text[_position];
        if (c is '{' or '(' or '[')
            return ParseContainer(c);
        return c switch
        {
            '\'' or '"' => ParseString(),
            _ when c == '-' || char.IsAsciiDigit(c) => ParseInteger(),
            _ when char.IsAsciiLetter(c) => ParseName(),
            _ => throw Error($"unexpected character '{c}'"),
        };
    }

    private object ParseContainer(char open)
    {
        if (++_depth > MaxDepth)
            throw Error($"containers are nested more than {MaxDepth} deep");
        object container = open switch
        {
            '{' => ParseDict(),
            '(' => new PythonTuple(ParseSequence('(', ')')),
            _ => ParseSequence('[', ']'),
        };
        _depth--;
        return container;
    }

    private Dictionary<string, object?> ParseDict()
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        _position++; // '{'
        while (true)
        {
            SkipWhitespace();
            if (TryConsume('}'))
                return result;
            if (ParseValue() is not string key)
                throw Error("a dict key is not a string");
            SkipWhitespace();
            if (!TryConsume(':'))
                throw Error($"expected ':' after key '{key}'");
            if (!result.TryAdd(key, ParseValue()))
                throw Error($"key '{key}' appears twice");
            SkipWhitespace();
            if (TryConsume('}'))
                return result;
            if (!TryConsume(','))
                throw Error("expected ',' or '}' in a dict");
        }
    }

    private List<object?> ParseSequence(char open, char close)
    {
        var items = new List<object?>();
        _position++; // open
        while (true)
        {
            SkipWhitespace();
            if (TryConsume(close))
                return items;
            items.Add(ParseValue());
            SkipWhitespace();
            if (TryConsume(close))
                return items;
            if (!TryConsume(','))
                throw Error($"expected ',' or '{close}' after an item of '{open}...{close}'");
        }
    }

    private string ParseString()
    {
        char quote = _text[_position++];
        var result = new StringBuilder();
        while (_position < _text.Length)
        {
            char c = _text[_position++];
            if (c == quote)
                return result.ToString();
            if (c == '\\')
            {
                if (_position >= _text.Length)
                    break;
                result.Append(_text[_position++]);
            }
            else
            {
                result.Append(c);
            }
        }
        throw Error("unterminated string");
    }

    private long ParseInteger()
    {
        int start = _position;
        if (_text[_position] == '-') _position++;
        while (_position < _text.Length && char.IsAsciiDigit(_text[_position])) _position++;
        if (!long.TryParse(_text.AsSpan(start, _position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            throw Error($"'{_text[start.._position]}' is not an integer that fits in 64 bits");
        // Python 2 wrote long integers with an L suffix: (784L, 50L) in headers from old NumPy.
        if (_position < _text.Length && _text[_position] is 'L' or 'l') _position++;
        return value;
    }

    private object? ParseName()
    {
        int start = _position;
        while (_position < _text.Length && char.IsAsciiLetterOrDigit(_text[_position])) _position++;
        string name = _text[start.._position];
        return name switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            _ => throw Error($"unknown name '{name}'"),
        };
    }

    private bool TryConsume(char c)
    {
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }
        return false;
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position])) _position++;
    }

    private FormatException Error(string what) => new($"{what} at character {_position}");
}

/// <summary>A Python tuple in a parsed literal, told apart from a list.</summary>
internal sealed record PythonTuple(List<object?> Items);
