using MtlAttack.Api.Contracts;

namespace MtlAttack.Client;

/// <summary>An evaluation the client waited on ended in the failed state; <see cref="Evaluation"/> holds the server's error.</summary>
public sealed class EvaluationFailedException(EvaluationInfo evaluation)
    : Exception($"Evaluation '{evaluation.Id}' failed: {evaluation.Error ?? "the server gave no reason."}")
{
    public EvaluationInfo Evaluation { get; } = evaluation;
}
