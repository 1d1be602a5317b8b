namespace DiyNet.Serialization;

/// <summary>
/// Reads the one-line model spec: modules in their C# class names, separated by spaces, each with optional
/// arguments in parentheses — numbers, <c>true</c>/<c>false</c>, words, the placeholder <c>_</c> for a size inferred
/// from the data, <c>name:value</c> for a named argument, and modules for a container's children:
/// <code>
/// Linear(784,256) ReLU Dropout(0.2) Linear(256,10)
/// Unflatten(28,28,1) Conv2D(5,1,6,padding:2) ReLU MaxPool2D(2) Flatten Linear(1176,10)
/// AutoEncoder(Sequential(Linear(64,16) ReLU), Sequential(Linear(16,64) Sigmoid))
/// </code>
/// Inside parentheses, modules may be separated by spaces or commas. The parser checks only the syntax; the
/// module names and arguments are checked when the tree is built.
/// </summary>
public static class SpecParser
{
    /// <summary>Parses <paramref name="spec"/> into its top-level chain of modules.</summary>
    /// <exception cref="SpecException">The text is not a spec (the message names the position).</exception>
    public static IReadOnlyList<SpecModule> Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var reader = new Cursor(spec);
        var modules = reader.Chain(closing: null);
        if (modules.Count == 0) throw new SpecException(spec, 0, "empty spec; expected modules such as \"Linear(4,8) ReLU Linear(8,3)\".");
        return modules;
    }

    private sealed class Cursor(string text)
    {
        private int _i;

        public List<SpecModule> Chain(char? closing)
        {
            var modules = new List<SpecModule>();
            while (true)
            {
                SkipSpaces();
                if (_i >= text.Length)
                {
                    if (closing is not null) throw Error(_i, $"missing '{closing}' at the end of the spec.");
                    return modules;
                }
                char c = text[_i];
                if (closing is not null && (c == closing || c == ',')) return modules;
                if (c == ',' && closing is null) throw Error(_i, "unexpected ','; separate the modules of the chain with spaces.");
                if (!IsNameStart(c)) throw Error(_i, $"unexpected '{c}'; expected a module name such as Linear or ReLU.");
                modules.Add(Module());
            }
        }

        private SpecModule Module()
        {
            int start = _i;
            string name = Word();
            if (_i < text.Length && text[_i] == '(')
            {
                int open = _i++;
                var arguments = new List<SpecValue>();
                SkipSpaces();
                if (_i < text.Length && text[_i] == ')') { _i++; return new SpecModule(name, arguments, start); }
                while (true)
                {
                    arguments.Add(Argument(open, name));
                    SkipSpaces();
                    if (_i >= text.Length) throw Error(open, $"'(' of {name} is never closed.");
                    if (text[_i] == ')') { _i++; break; }
                    if (text[_i] != ',') throw Error(_i, $"unexpected '{text[_i]}' in the arguments of {name}; expected ',' or ')'.");
                    _i++;
                }
                return new SpecModule(name, arguments, start);
            }
            if (_i < text.Length && !char.IsWhiteSpace(text[_i]) && text[_i] is not (')' or ','))
                throw Error(_i, $"unexpected '{text[_i]}' after {name}; expected '(' or a space.");
            return new SpecModule(name, [], start);
        }

        private SpecValue Argument(int open, string module)
        {
            SkipSpaces();
            if (_i >= text.Length) throw Error(open, $"'(' of {module} is never closed.");
            int start = _i;
            string? argName = null;
            if (IsNameStart(text[_i]))
            {
                int save = _i;
                string word = Word();
                SkipSpaces();
                if (_i < text.Length && text[_i] == ':')
                {
                    argName = word;
                    _i++;
                    SkipSpaces();
                }
                else _i = save;
            }
            if (_i >= text.Length) throw Error(open, $"'(' of {module} is never closed.");
            int valueStart = _i;
            char c = text[_i];
            if (IsNameStart(c) && c != '_')
            {
                // A word: a module (starts a nested chain) when it is capitalized or followed by '(', else a plain word.
                int save = _i;
                string word = Word();
                bool nested = char.IsUpper(word[0]) || (_i < text.Length && text[_i] == '(');
                _i = save;
                if (nested) return new SpecValue(argName, null, Chain(')'), start);
                return new SpecValue(argName, Word(), null, start);
            }
            if (c == '_' && (_i + 1 >= text.Length || !IsNamePart(text[_i + 1])))
            {
                _i++;
                return new SpecValue(argName, SpecValue.Inferred, null, start);
            }
            if (char.IsDigit(c) || c is '-' or '+' or '.')
            {
                while (_i < text.Length && (char.IsLetterOrDigit(text[_i]) || text[_i] is '.' or '-' or '+')) _i++;
                string number = text[valueStart.._i];
                if (!double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
                    throw Error(valueStart, $"\"{number}\" is not a number.");
                return new SpecValue(argName, number, null, start);
            }
            throw Error(start, $"unexpected '{c}'; expected an argument (a number, _, name:value or a module).");
        }

        private string Word()
        {
            int start = _i;
            while (_i < text.Length && IsNamePart(text[_i])) _i++;
            return text[start.._i];
        }

        private void SkipSpaces()
        {
            while (_i < text.Length && char.IsWhiteSpace(text[_i])) _i++;
        }

        private SpecException Error(int position, string detail) => new(text, position, detail);

        private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';

        private static bool IsNamePart(char c) => char.IsLetterOrDigit(c) || c == '_';
    }
}
