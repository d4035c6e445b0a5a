using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OrleansAuth.Runtime.CodeGen;

/// <summary>
/// Generates, for every interface deriving from <c>OrleansAuth.Runtime.IGrainWithStringKey</c>, one request class per
/// method, a typed <c>GrainReference</c> implementing the interface, and a module initializer registering it with
/// <c>GrainInterfaceRegistry</c>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainReferenceGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var models = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax { BaseList.Types.Count: > 0 },
                static (ctx, ct) => Transform(ctx, ct))
            .Where(static model => model is not null)
            .Select(static (model, _) => model!);

        context.RegisterSourceOutput(models, static (spc, model) =>
        {
            if (!model.Diagnostics.IsEmpty)
            {
                foreach (var diagnostic in model.Diagnostics)
                {
                    spc.ReportDiagnostic(diagnostic.ToDiagnostic());
                }

                return;
            }

            spc.AddSource(model.HintName, GrainSourceEmitter.Emit(model));
        });
    }

    private static GrainInterfaceModel? Transform(GeneratorSyntaxContext context, System.Threading.CancellationToken cancellationToken)
    {
        if (context.SemanticModel.GetDeclaredSymbol(context.Node, cancellationToken) is not INamedTypeSymbol symbol
            || !GrainInterfaceParser.IsGrainInterface(symbol))
        {
            return null;
        }

        // A partial interface has several declarations; handle it once, from the first.
        var first = symbol.DeclaringSyntaxReferences[0];
        if (first.SyntaxTree != context.Node.SyntaxTree || first.Span != context.Node.Span)
        {
            return null;
        }

        return GrainInterfaceParser.Parse(symbol, cancellationToken);
    }
}
