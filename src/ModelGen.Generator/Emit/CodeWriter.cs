using System;
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

        public IDisposable Block(string header)
        {
            Line(header);
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
