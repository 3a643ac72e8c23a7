namespace MtlAttack.Api.Contracts;

/// <summary>
/// The body of <c>POST /v1/evaluations</c>. Only <see cref="ModelId"/> and <see cref="Dataset"/> (a dataset SPEC the
/// server can open, e.g. <c>synthetic:count=200,size=64,seed=1</c>) are required; the rest default as the CLI does:
/// <see cref="Algorithms"/>, <see cref="Objectives"/>, <see cref="Epsilons"/> and <see cref="Steps"/> to the standard
/// suite, which the server resolves (Core's <c>DefaultSuites.Evaluation</c>; <c>mtlattack attack --help</c> shows it).
/// </summary>
public sealed record StartEvaluationRequest
{
    public required string ModelId { get; init; }
    public required string Dataset { get; init; }
    public IReadOnlyList<string>? Algorithms { get; init; }
    public IReadOnlyList<string>? Objectives { get; init; }
    public IReadOnlyList<double>? Epsilons { get; init; }
    public int? Steps { get; init; }
    public int? Seed { get; init; }
    public string? Split { get; init; }
    public int? BatchSize { get; init; }
    public int? MaxSamples { get; init; }
    public bool? RandomStart { get; init; }

    /// <summary>
    /// Runs per attack (1..100, default 1); each sample keeps its worst. Run 1 is the attack as configured, runs 2..N start
    /// at random points of the ball, seeded per run. Algorithms may include worst-case ensembles, e.g. <c>ensemble(fgsm,pgd,apgd)</c>.
    /// </summary>
    public int? Restarts { get; init; }

    /// <summary>
    /// Also save the first N adversarial examples of every cell (0 to 64; none when null or 0), as the CLI's
    /// <c>attack --save-adversarial</c> does; once the evaluation completes, <c>GET /v1/evaluations/{id}/adversarial</c>
    /// lists the files.
    /// </summary>
    public int? SaveAdversarial { get; init; }

    /// <summary>
    /// <c>ours</c> (the default when null) or <c>reference</c>: attack and score as the reference study's code does, quirks
    /// included; its report then has notes naming them and its folder the reference's CSV per algorithm
    /// (<c>reference-ALGORITHM.csv</c>). Any other value is refused with 400.
    /// </summary>
    public string? Protocol { get; init; }
}

/// <summary>Where an evaluation stands (<c>GET /v1/evaluations/{id}</c>; the 202 body of <c>POST /v1/evaluations</c>).</summary>
/// <param name="State">running, completed, failed or cancelled (<see cref="EvaluationStates"/>).</param>
/// <param name="Waiting">While running: why it cannot go on now (e.g. no silo with the model's accelerator is up); it resumes by itself.</param>
public sealed record EvaluationInfo(
    string Id,
    string ModelId,
    string State,
    int BatchesDone,
    int BatchesTotal,
    string? Error = null,
    string? Waiting = null)
{
    /// <summary>Fraction of batches done, 0..1.</summary>
    public double Progress => BatchesTotal == 0 ? 0 : (double)BatchesDone / BatchesTotal;

    public bool IsFinished => State is EvaluationStates.Completed or EvaluationStates.Failed or EvaluationStates.Cancelled;
}

public static class EvaluationStates
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>The formats of <c>GET /v1/evaluations/{id}/report?format=</c>.</summary>
public static class ReportFormats
{
    public const string Json = "json";
    public const string Csv = "csv";
    public const string Markdown = "md";
    /// <summary>A self-contained page (inline CSS and SVG charts, no scripts or fetches) with the Markdown report's tables.</summary>
    public const string Html = "html";

    public static readonly IReadOnlyList<string> All = [Json, Csv, Markdown, Html];

    public static string MediaType(string format) => format switch
    {
        Json => "application/json",
        Csv => "text/csv",
        Markdown => "text/markdown",
        Html => "text/html",
        _ => throw new ArgumentException($"Unknown report format '{format}': use {string.Join(", ", All)}."),
    };
}
