namespace DiyNet.Cli.Training;

/// <summary>
/// Where the workers of <c>diynet train --workers N --cluster CONNECTION</c> are: the silos of a cluster whose
/// membership lives in PostgreSQL (<c>diynet worker --cluster CONNECTION</c> processes), which the train process joins
/// as a client. Never written to the run's files (the connection string may hold a password).
/// </summary>
/// <param name="Connection">The PostgreSQL connection string of the cluster's membership.</param>
/// <param name="ClusterId">The cluster's name (processes with the same name and database form one cluster).</param>
/// <param name="Wait">How long to wait for a worker silo to be in the cluster before giving up.</param>
internal sealed record ClusterConnection(string Connection, string ClusterId, TimeSpan Wait);
