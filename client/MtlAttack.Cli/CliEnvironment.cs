using Spectre.Console;

namespace MtlAttack.Cli;

/// <summary>Where a command writes: plain text to <see cref="Out"/>/<see cref="Error"/>, live widgets to <see cref="Console"/>.</summary>
public sealed class CliEnvironment
{
    public CliEnvironment(TextWriter output, TextWriter error)
    {
        Out = output;
        Error = error;
        // Progress bars redraw in place only on a real terminal; captured or redirected output gets
        // plain lines, so logs and tests stay readable.
        bool terminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Off a terminal there is no width to fit; Spectre would assume 80 columns and wrap tables and log lines.
        if (!terminal) Console.Profile.Width = RedirectedWidth;
    }

    private const int RedirectedWidth = 200;

    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public IAnsiConsole Console { get; }

    /// <summary>
    /// The bars of the long commands on <see cref="Console"/>: description, bar, percentage, elapsed time and, where
    /// <paramref name="remainingTime"/>, an estimate of the time left. They stay on screen when the work is done
    /// (Spectre's defaults: no auto-clear, completed tasks shown).
    /// </summary>
    public Progress Progress(bool remainingTime = true) => Console.Progress()
        .Columns([new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(),
            .. remainingTime ? [new RemainingTimeColumn()] : Array.Empty<ProgressColumn>()]);

    /// <summary>
    /// Makes the HTTP transport of the remote commands; null sends over the network. Tests answer in-process here,
    /// on an environment they build or, for runs through <see cref="CliApp.RunAsync"/>, with <see cref="UseHttpHandler"/>.
    /// </summary>
    public Func<HttpMessageHandler>? HttpHandlerFactory { get; init; } = AmbientHttpHandlerFactory.Value;

    /// <summary>Gives every environment created in the caller's async flow this transport, until disposed.</summary>
    internal static IDisposable UseHttpHandler(Func<HttpMessageHandler> factory)
    {
        var previous = AmbientHttpHandlerFactory.Value;
        AmbientHttpHandlerFactory.Value = factory;
        return new Restore(() => AmbientHttpHandlerFactory.Value = previous);
    }

    // Async-local, not static: a swap in one test's flow never reaches a command another test runs.
    private static readonly AsyncLocal<Func<HttpMessageHandler>?> AmbientHttpHandlerFactory = new();

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
