namespace MtlAttack.Abstractions;

/// <summary>
/// A request the service refused or could not carry out (unknown model or task, bad epsilon, unreadable checkpoint),
/// with a message that says what to change. Grains raise only this type across the wire, so that every caller,
/// including the HTTP API, can tell a bad request from a failure of the service itself.
/// </summary>
[GenerateSerializer]
public sealed class MtlAttackException : Exception
{
    public MtlAttackException(string message, MtlAttackErrorKind kind = MtlAttackErrorKind.InvalidRequest) : base(message) => Kind = kind;

    [Id(0)]
    public MtlAttackErrorKind Kind { get; }
}

public enum MtlAttackErrorKind
{
    InvalidRequest,
    NotFound,
    Conflict,

    /// <summary>No silo can do it now (e.g. none has the accelerator the model needs); the same request may succeed later.</summary>
    Unavailable,

    /// <summary>The tenant is at one of its quotas (running evaluations, registered models).</summary>
    QuotaExceeded,
}
