namespace DiyNet.Cli.Training;

/// <summary>Receives the progress of a run (terminal bar or plain lines).</summary>
internal interface ITrainObserver
{
    /// <summary>A batch is done: <paramref name="batch"/> of <paramref name="batches"/> in <paramref name="epoch"/>, with the epoch's running mean loss.</summary>
    void Batch(int epoch, int batch, int batches, double runningLoss);

    /// <summary>An epoch is done.</summary>
    void Epoch(EpochResult result, int epochs, bool best);

    /// <summary>A message line (checkpoint written, early stop).</summary>
    void Line(string text);
}
