using DiyNet.Data;
using DiyNet.Modules;

namespace DiyNet.Cli.Training;

/// <summary>
/// The input scaling of <c>diynet train</c>: fitted on the training inputs (<see cref="StandardScaler"/> or
/// <see cref="MinMaxScaler"/>) and put in front of the network as a <see cref="FeatureScaling"/> module, so the model
/// file carries it and evaluate and predict apply it without being told.
/// </summary>
internal static class Scaling
{
    /// <summary><paramref name="net"/> preceded by the scaling fitted on <paramref name="train"/>, or <paramref name="net"/> itself for none.</summary>
    public static Module Prepend(ScalingKind kind, LoadedData train, Module net)
    {
        if (kind == ScalingKind.Auto) kind = train.Card.Format == DataFormat.Csv ? ScalingKind.Standard : ScalingKind.None;
        if (kind == ScalingKind.None) return net;
        Scaler scaler = kind == ScalingKind.Standard ? new StandardScaler() : new MinMaxScaler();
        scaler.Fit(train.X);
        // The scaler maps x·a + b; the module maps (x − shift)·scale: scale = a, shift = −b/a (a is never 0).
        float[] a = scaler.Scale, b = scaler.Shift;
        var shift = new float[a.Length];
        for (int j = 0; j < a.Length; j++) shift[j] = -b[j] / a[j];
        var scaling = new FeatureScaling(shift, a);
        return net is Sequential s ? new Sequential([scaling, .. s.Children]) : new Sequential(scaling, net);
    }
}
