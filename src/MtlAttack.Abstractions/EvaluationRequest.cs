namespace MtlAttack.Abstractions;

/// <summary>
/// An evaluation as a caller asks for it: which model, which dataset SPEC (a path the silos can read), the attack
/// suite (algorithm x objective x epsilon, <c>single</c> expanding to one cell per task), the data slice and the seed.
/// Defaults follow the CLI: a list left null is the default suite's (Core's <c>DefaultSuites.Evaluation</c>, which this
/// assembly cannot reference; the grains resolve it). <see cref="ReportDirectory"/>, when given, receives
/// report.json/csv/md on completion.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EvaluationRequest
{
    [Id(0)] public required ModelKey Model { get; init; }
    [Id(1)] public required string Dataset { get; init; }
    /// <summary>The attack algorithms; null: the default suite's.</summary>
    [Id(2)] public IReadOnlyList<string>? Algorithms { get; init; }
    /// <summary>The attack objectives; null: the default suite's.</summary>
    [Id(3)] public IReadOnlyList<string>? Objectives { get; init; }
    /// <summary>The budgets in pixel units; null: the default suite's.</summary>
    [Id(4)] public IReadOnlyList<double>? Epsilons { get; init; }
    /// <summary>Steps of the iterative attacks; null: the default suite's.</summary>
    [Id(5)] public int? Steps { get; init; }
    [Id(6)] public bool RandomStart { get; init; }
    [Id(7)] public string Split { get; init; } = "test";
    [Id(8)] public int BatchSize { get; init; } = 16;
    [Id(9)] public int? MaxSamples { get; init; }
    [Id(10)] public int Seed { get; init; } = 1;
    [Id(11)] public string? ReportDirectory { get; init; }

    /// <summary>
    /// Also save the first N adversarial examples of every cell (safetensors and a PNG strip, as the CLI's
    /// <c>--save-adversarial</c>) to <c>ReportDirectory/adversarial/</c> before the evaluation completes; 0: none.
    /// Needs <see cref="ReportDirectory"/>.
    /// </summary>
    [Id(12)] public int SaveAdversarial { get; init; }

    /// <summary>
    /// Runs per attack, each sample keeping its worst (the CLI's <c>--restarts</c>): run 1 as configured, runs 2..N from
    /// random starts seeded per run. 1: a single run.
    /// </summary>
    [Id(13)] public int Restarts { get; init; } = 1;

    /// <summary>
    /// How cells are attacked and scored: <c>ours</c> (null: the default) or <c>reference</c>, the reference study's
    /// metrics, losses, APGD and CSV (the CLI's <c>--protocol</c>). Core reads the name and refuses any other.
    /// </summary>
    [Id(14)] public string? Protocol { get; init; }

    /// <summary>The most examples per cell a request may ask to save: they are for looking at, not for a dataset.</summary>
    public const int MaxSaveAdversarial = 64;
}

/// <summary>One cell of an evaluation: algorithm x objective x epsilon, as Core names them.</summary>
[GenerateSerializer, Immutable]
public sealed record CellDescriptor(
    [property: Id(0)] string Algorithm,
    [property: Id(1)] string Objective,
    [property: Id(2)] double Epsilon);

/// <summary>The cells (single expanded per task) and the number of batches each covers, planned against the loaded model.</summary>
[GenerateSerializer, Immutable]
public sealed record EvaluationPlan(
    [property: Id(0)] IReadOnlyList<CellDescriptor> Cells,
    [property: Id(1)] int BatchCount,
    [property: Id(2)] IReadOnlyList<string> Tasks)
{
    /// <summary>Clean baseline batches plus every cell's batches.</summary>
    public int TotalBatches => BatchCount * (Cells.Count + 1);
}

/// <summary>One unit of attack work: a batch of the clean baseline (<see cref="Cell"/> null) or of one cell.</summary>
[GenerateSerializer, Immutable]
public sealed record WorkItem(
    [property: Id(0)] CellDescriptor? Cell,
    [property: Id(1)] int Batch);

/// <summary>What an attack grain needs to evaluate work items: the model, the dataset and the evaluation's settings.</summary>
[GenerateSerializer, Immutable]
public sealed record AttackAssignment(
    [property: Id(0)] ModelRegistration Model,
    [property: Id(1)] EvaluationRequest Request);
