namespace MtlAttack.Cli;

/// <summary>The user asked for something that cannot work as written; the message says what to change. Exits with <see cref="ExitCodes.Usage"/>.</summary>
public sealed class UsageException(string message, Exception? inner = null) : Exception(message, inner);
