using System.Globalization;

namespace MtlAttack.Core.Models.Sharing;

/// <summary>
/// The compact text form of a <see cref="Layout"/>: <c>{0,1,2}|{0,1}{2}|{0}{1}{2}</c>. Blocks are separated by
/// <c>|</c>; a block is a sequence of brace-enclosed groups of 0-based task indices. Whitespace is ignored and groups
/// and tasks may come in any order when parsing; printing is canonical.
/// </summary>
internal static class LayoutText
{
    public static string Format(Layout layout) =>
        string.Join("|", Enumerable.Range(0, layout.BlockCount).Select(b => string.Concat(layout.Groups(b).Select(group => "{" + string.Join(",", group) + "}"))));

    public static Layout Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
            throw Error(text, 0, "the text is empty; expected blocks like {0,1,2}|{0,1}{2}");

        var blocks = new List<List<List<int>>>();
        var reader = new Reader(text);
        while (true)
        {
            blocks.Add(ParseBlock(reader, blocks.Count));
            reader.SkipSpace();
            if (reader.AtEnd) break;
            if (reader.Current != '|')
                throw Error(text, reader.Position, $"expected '|' or '{{' after block {blocks.Count - 1} but found '{reader.Current}'");
            reader.Advance();
        }

        return Build(text, blocks);
    }

    private static List<List<int>> ParseBlock(Reader reader, int blockIndex)
    {
        var groups = new List<List<int>>();
        reader.SkipSpace();
        while (!reader.AtEnd && reader.Current == '{')
        {
            int groupStart = reader.Position;
            reader.Advance();
            var group = new List<int>();
            reader.SkipSpace();
            if (!reader.AtEnd && reader.Current == '}')
                throw Error(reader.Text, groupStart, $"block {blockIndex} has an empty group {{}}");
            while (true)
            {
                reader.SkipSpace();
                group.Add(ParseTask(reader, blockIndex));
                reader.SkipSpace();
                if (reader.AtEnd)
                    throw Error(reader.Text, groupStart, $"block {blockIndex}: group opened here is never closed with '}}'");
                if (reader.Current == '}') { reader.Advance(); break; }
                if (reader.Current != ',')
                    throw Error(reader.Text, reader.Position, $"block {blockIndex}: expected ',' or '}}' but found '{reader.Current}'");
                reader.Advance();
            }
            groups.Add(group);
            reader.SkipSpace();
        }
        if (groups.Count == 0)
        {
            string found = reader.AtEnd ? "the end of the text" : $"'{reader.Current}'";
            throw Error(reader.Text, reader.Position, $"block {blockIndex} must start with '{{' but found {found}");
        }
        return groups;
    }

    private static int ParseTask(Reader reader, int blockIndex)
    {
        int start = reader.Position;
        while (!reader.AtEnd && char.IsAsciiDigit(reader.Current)) reader.Advance();
        if (reader.Position == start)
        {
            string found = reader.AtEnd ? "the end of the text" : $"'{reader.Current}'";
            throw Error(reader.Text, start, $"block {blockIndex}: expected a task index (0, 1, ...) but found {found}");
        }
        var digits = reader.Text[start..reader.Position];
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int task) || task > LayoutLimits.MaxTasks - 1)
            throw Error(reader.Text, start, $"block {blockIndex}: task index {digits} is out of range; layouts support at most {LayoutLimits.MaxTasks} tasks");
        return task;
    }

    private static Layout Build(string text, List<List<List<int>>> blocks)
    {
        var firstTasks = blocks[0].SelectMany(g => g).Order().ToArray();
        int taskCount = firstTasks.Length;
        for (int b = 0; b < blocks.Count; b++)
        {
            var all = blocks[b].SelectMany(g => g).ToList();
            var duplicate = all.GroupBy(t => t).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
                throw Error(text, null, $"block {b} lists task {duplicate.Key} more than once");
            var missing = Enumerable.Range(0, taskCount).Except(all).ToList();
            var extra = all.Where(t => t >= taskCount).Order().ToList();
            if (b == 0 && extra.Count > 0)
                throw Error(text, null, $"tasks must be numbered 0..{taskCount - 1} without gaps, but block 0 lacks {string.Join(", ", missing)}");
            if (missing.Count > 0 || extra.Count > 0)
                throw Error(text, null, $"block {b} covers tasks {{{string.Join(",", all.Order())}}} but block 0 covers {{{string.Join(",", firstTasks)}}}: every block must partition the same tasks");
        }

        var labels = blocks.Select(block =>
        {
            var blockLabels = new int[taskCount];
            for (int g = 0; g < block.Count; g++)
                foreach (var task in block[g]) blockLabels[task] = g;
            return SetPartitions.Canonical(blockLabels);
        }).ToArray();

        var error = Layout.Validate(labels);
        if (error != null) throw Error(text, null, error);
        return Layout.FromCanonical(labels);
    }

    private static FormatException Error(string text, int? position, string problem) =>
        new(position is int p
            ? $"Invalid layout '{text}' at position {p}: {problem}."
            : $"Invalid layout '{text}': {problem.TrimEnd('.')}.");

    private sealed class Reader(string text)
    {
        public string Text { get; } = text;
        public int Position { get; private set; }
        public bool AtEnd => Position >= Text.Length;
        public char Current => Text[Position];
        public void Advance() => Position++;

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(Current)) Position++;
        }
    }
}
