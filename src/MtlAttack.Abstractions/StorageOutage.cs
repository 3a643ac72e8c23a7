using System.Data.Common;
using Orleans.Serialization;

namespace MtlAttack.Abstractions;

/// <summary>
/// Tells a failure to reach the database that holds the service's state (PostgreSQL in clustered mode, SQLite embedded)
/// from every other error, and names that database. Such a failure is about the moment, not the request: grains wait
/// and retry it, and the API answers 503 naming what is down.
/// </summary>
public static class StorageOutage
{
    /// <summary>
    /// The name of the unreachable database (<c>PostgreSQL</c>, <c>SQLite</c>, or <c>The state database</c> for another driver) when
    /// <paramref name="error"/> or an exception inside it is a database failure; null for any other error.
    /// </summary>
    public static string? StoreOf(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is StateStoreUnavailableException named) return named.Store;
            if (e is DbException) return Name(e.GetType().FullName ?? "") ?? "The state database";
            // A database exception that a caller's serializer could not rebuild arrives as this stand-in, naming its type.
            if (e is UnavailableExceptionFallbackException { ExceptionType: { } type } && Name(type) is { } name) return name;
            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate) return StoreOf(aggregate.InnerExceptions[0]);
        }
        return null;
    }

    /// <summary>
    /// One line for a status or a problem detail, which database failed and what its driver said, when
    /// <paramref name="error"/> is a database failure; else null.
    /// </summary>
    public static string? Describe(Exception? error) => AsUnavailable(error)?.Message;

    /// <summary>
    /// <paramref name="error"/> as a <see cref="StateStoreUnavailableException"/> (which every caller can deserialize)
    /// when it is a database failure; else null.
    /// </summary>
    public static StateStoreUnavailableException? AsUnavailable(Exception? error) =>
        StoreOf(error) is not { } store ? null
        : Innermost(error!) is StateStoreUnavailableException named ? named
        : new StateStoreUnavailableException(store, Innermost(error!).Message);

    /// <summary>The line <see cref="Describe(Exception?)"/> gives for <paramref name="store"/> and its driver's <paramref name="message"/>.</summary>
    public static string Describe(string store, string message) => $"The service's state database ({store}) cannot be used right now: {message}";

    private static string? Name(string type) =>
        type.StartsWith("Npgsql", StringComparison.Ordinal) ? "PostgreSQL"
        : type.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) ? "SQLite"
        : null;

    // The database driver's own words ("Failed to connect to 127.0.0.1:5432", "57P01: terminating connection ..."),
    // not the wrappers' around them.
    private static Exception Innermost(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is DbException or UnavailableExceptionFallbackException or StateStoreUnavailableException) return e;
        return error;
    }
}

/// <summary>
/// The state database could not be used (thrown by the grain storage in place of the driver's exception, whose type a
/// caller may not be able to deserialize, so that the failure crosses the wire still naming the database).
/// </summary>
[GenerateSerializer]
public sealed class StateStoreUnavailableException : Exception
{
    public StateStoreUnavailableException(string store, string driverMessage) : base(StorageOutage.Describe(store, driverMessage)) => Store = store;

    /// <summary><c>PostgreSQL</c>, <c>SQLite</c>, or <c>The state database</c>.</summary>
    [Id(0)]
    public string Store { get; }
}
