namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// McNemar's test on paired correctness: of the rows exactly one model classifies correctly, how many go to each.
/// Under "both equally accurate" the challenger's share of the discordant rows is Binomial(n, ½).
/// </summary>
/// <param name="ChallengerOnlyCorrect">Rows only the challenger gets right (b).</param>
/// <param name="ChampionOnlyCorrect">Rows only the champion gets right (c).</param>
/// <param name="ExactPValue">Two-sided exact conditional p-value: min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, ½).</param>
/// <param name="MidPValue">Two-sided mid-p: min(1, 2·(P(X ≤ min(b, c)) − ½·P(X = min(b, c)))) (Fagerland, Lydersen and Laake 2013).</param>
public sealed record McNemarTest(int ChallengerOnlyCorrect, int ChampionOnlyCorrect, double ExactPValue, double MidPValue);
