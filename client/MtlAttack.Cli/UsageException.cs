namespace MtlAttack.Cli;

/// <summary>The user asked for something that cannot work as written; the message says what to change. Exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class UsageException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Core's refusal of the user's input, in its own words (<see cref="Core.UserMessages"/>).</summary>
    public static UsageException From(Exception refusal) => new(Core.UserMessages.Of(refusal), refusal);
}
