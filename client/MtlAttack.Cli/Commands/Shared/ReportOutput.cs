namespace MtlAttack.Cli.Commands.Shared;

/// <summary>Where a report, page or metrics file goes: printed, or written to a file (its folder made) with a line saying so.</summary>
public static class ReportOutput
{
    public static async Task WriteAsync(string text, string? path, CliEnvironment environment, CancellationToken cancellation)
    {
        if (path is null)
        {
            environment.Out.Write(text.EndsWith('\n') ? text : text + Environment.NewLine);
            return;
        }
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(path, text, cancellation);
        environment.Out.WriteLine($"Wrote {path}");
    }
}
