using Npgsql;
using System.Reflection;

namespace DiyNet.Cluster;

/// <summary>
/// The Orleans membership schema in a PostgreSQL database (<c>Sql/orleans-postgresql.sql</c>, embedded): applied when
/// the database has no <c>orleansquery</c> table yet, under an advisory lock so that machines starting together apply
/// it once.
/// </summary>
public static class PostgresSchema
{
    private const long LockKey = 0x4469794E6574; // "DiyNet"

    /// <summary>Creates the tables and queries if they are missing; returns true when it created them.</summary>
    /// <exception cref="NpgsqlException">The database cannot be reached.</exception>
    public static async Task<bool> EnsureAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using (var probe = new NpgsqlCommand("SELECT to_regclass('orleansquery') IS NOT NULL", connection, transaction))
        {
            if ((bool)(await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return false;
            }
        }
        await using (var create = new NpgsqlCommand(Script(), connection, transaction))
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The SQL script.</summary>
    public static string Script()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("DiyNet.Cluster.Sql.orleans-postgresql.sql")
            ?? throw new InvalidOperationException("PostgresSchema: the embedded script DiyNet.Cluster.Sql.orleans-postgresql.sql is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
