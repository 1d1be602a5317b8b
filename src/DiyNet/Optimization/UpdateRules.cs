namespace DiyNet.Optimization;

/// <summary>The update rules as <see cref="UpdateRuleFactory"/> values, for training options (<c>Rule = UpdateRules.AdamW(weightDecay: 0.05f)</c>).</summary>
public static class UpdateRules
{
    /// <summary>Plain gradient descent (<see cref="Optimization.Sgd"/>).</summary>
    public static UpdateRuleFactory Sgd(float weightDecay = 0f) =>
        (p, lr) => new Sgd(p, lr, weightDecay);

    /// <summary>Heavy-ball momentum (<see cref="MomentumSgd"/>).</summary>
    public static UpdateRuleFactory Momentum(float momentum = 0.9f, float weightDecay = 0f) =>
        (p, lr) => new MomentumSgd(p, lr, momentum, weightDecay);

    /// <summary>Nesterov momentum (<see cref="NesterovSgd"/>).</summary>
    public static UpdateRuleFactory Nesterov(float momentum = 0.9f, float weightDecay = 0f) =>
        (p, lr) => new NesterovSgd(p, lr, momentum, weightDecay);

    /// <summary>Adam with optional L2 weight decay (<see cref="Optimization.Adam"/>).</summary>
    public static UpdateRuleFactory Adam(float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f) =>
        (p, lr) => new Adam(p, lr, beta1, beta2, epsilon, weightDecay);

    /// <summary>Adam with decoupled weight decay (<see cref="Optimization.AdamW"/>).</summary>
    public static UpdateRuleFactory AdamW(float weightDecay = 0.01f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f) =>
        (p, lr) => new AdamW(p, lr, beta1, beta2, epsilon, weightDecay);

    /// <summary>RMSprop (<see cref="Optimization.RMSprop"/>).</summary>
    public static UpdateRuleFactory RMSprop(float alpha = 0.99f, float epsilon = 1e-8f, float momentum = 0f, float weightDecay = 0f) =>
        (p, lr) => new RMSprop(p, lr, alpha, epsilon, momentum, weightDecay);
}
