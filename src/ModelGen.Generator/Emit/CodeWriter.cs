using System.CodeDom.Compiler;
using System.IO;

namespace ModelGen.Generator.Emit
{
    /// <summary>An indented writer with braces that close themselves: using (w.Block("...")) { }.</summary>
    internal sealed class CodeWriter
    {
        private readonly StringWriter _text = new();
        private readonly IndentedTextWriter _writer;

        public CodeWriter()
        {
            _text.NewLine = "\n"; // the same output on every OS keeps snapshots stable
            _writer = new IndentedTextWriter(_text, "    ") { NewLine = "\n" };
        }

        public void Line(string line = "")
        {
            if (line.Length == 0)
            {
                _writer.WriteLineNoTabs("");
                return;
            }
            _writer.WriteLine(line);
        }

        public void Lines(string text)
        {
            foreach (var line in text.Replace("\r\n", "\n").Split('\n')) Line(line);
        }

        /// <summary>Lines longer than this (indent included) are wrapped by <see cref="Call"/>.</summary>
        public const int Width = 120;

        /// <summary>
        /// Writes <c>head(arg, arg, ...)tail</c> on one line when it fits in <see cref="Width"/>,
        /// else with the arguments on indented continuation lines, as many to a line as fit.
        /// </summary>
        public void Call(string head, IReadOnlyList<string> arguments, string tail = ");")
        {
            string oneLine = head + "(" + string.Join(", ", arguments) + tail;
            int indent = _writer.Indent * 4;
            if (indent + oneLine.Length <= Width)
            {
                Line(oneLine);
                return;
            }
            Line(head + "(");
            _writer.Indent++;
            var line = new System.Text.StringBuilder();
            for (int i = 0; i < arguments.Count; i++)
            {
                string piece = arguments[i] + (i + 1 < arguments.Count ? "," : tail);
                if (line.Length > 0 && indent + 4 + line.Length + 1 + piece.Length > Width)
                {
                    Line(line.ToString());
                    line.Clear();
                }
                if (line.Length > 0) line.Append(' ');
                line.Append(piece);
            }
            Line(line.ToString());
            _writer.Indent--;
        }

        public IDisposable Block(string header)
        {
            Line(header);
            Line("{");
            _writer.Indent++;
            return new Closer(this, "}");
        }

        /// <summary>A block whose header is a call-like head with parameters, wrapped as <see cref="Call"/> wraps.</summary>
        public IDisposable Block(string head, IReadOnlyList<string> parameters)
        {
            Call(head, parameters, ")");
            Line("{");
            _writer.Indent++;
            return new Closer(this, "}");
        }

        /// <summary>Indents the lines written until disposal, without braces (initializer lists).</summary>
        public IDisposable Indented()
        {
            _writer.Indent++;
            return new Closer(this, null);
        }

        public override string ToString() => _text.ToString();

        private sealed class Closer : IDisposable
        {
            private readonly CodeWriter _owner;
            private readonly string? _close;

            public Closer(CodeWriter owner, string? close)
            {
                _owner = owner;
                _close = close;
            }

            public void Dispose()
            {
                _owner._writer.Indent--;
                if (_close is not null) _owner.Line(_close);
            }
        }
    }
}
