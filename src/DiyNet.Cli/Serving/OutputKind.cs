namespace DiyNet.Cli.Serving;

/// <summary>What a served network's outputs are, which says how <c>diynet serve</c> turns them into answers.</summary>
internal enum OutputKind
{
    /// <summary>Raw class scores: the probabilities are their softmax (a network trained with <c>CELogSoftmax</c>).</summary>
    Scores,

    /// <summary>Probabilities already (the network ends with <c>Softmax</c>): given as they are.</summary>
    Probabilities,

    /// <summary>Log-probabilities (the network ends with <c>LogSoftmax</c>): the probabilities are their exponentials.</summary>
    LogProbabilities,

    /// <summary>Values (regression, or a network with one output and no model card): given as they are.</summary>
    Values,
}
