using System.Text.Json.Serialization;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// How an evaluation scores and attacks: <see cref="Ours"/> (the default) or <see cref="Reference"/>, which reproduces
/// the reference study's code (zhanglijun95/MTLAttack-DGBA) quirks included: its metrics, its losses at the prediction's
/// resolution, its batch-pooled total loss, its APGD rules and its CSV (<see cref="Tasks.Reference.ReferenceQuirks"/>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<EvaluationProtocol>))]
public enum EvaluationProtocol
{
    [JsonStringEnumMemberName("ours")] Ours = 0,
    [JsonStringEnumMemberName("reference")] Reference = 1,
}

/// <summary>The protocols by their command-line and wire names (<c>ours</c>, <c>reference</c>).</summary>
public static class EvaluationProtocols
{
    public static IReadOnlyList<string> Names { get; } = ["ours", "reference"];

    public static string NameOf(EvaluationProtocol protocol) => protocol switch
    {
        EvaluationProtocol.Ours => "ours",
        EvaluationProtocol.Reference => "reference",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, $"Unknown protocol; the protocols are {string.Join(", ", Names)}."),
    };

    /// <summary>The suite an evaluation under <paramref name="protocol"/> runs where it names none: the reference's own sweep under <see cref="EvaluationProtocol.Reference"/>.</summary>
    public static Attacks.Catalog.AttackSuite DefaultSuite(EvaluationProtocol protocol) =>
        protocol == EvaluationProtocol.Reference ? Attacks.Catalog.DefaultSuites.Reference : Attacks.Catalog.DefaultSuites.Evaluation;

    /// <summary>The protocol called <paramref name="name"/> (case-insensitive); null or blank is <see cref="EvaluationProtocol.Ours"/>.</summary>
    public static EvaluationProtocol Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "ours" => EvaluationProtocol.Ours,
        "reference" => EvaluationProtocol.Reference,
        _ => throw new ArgumentException($"Unknown protocol '{name}': use {string.Join(" or ", Names)}."),
    };
}
