package dev.memlens.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.memlens", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule coreKnowsNoJavaFx = noClasses().that().resideInAPackage("dev.memlens.core..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "io.fair_acc..", "atlantafx..")
            .because("core is shared by the CLI and the app and must run without a toolkit");

    @ArchTest
    static final ArchRule coreKnowsNoCliOrApp = noClasses().that().resideInAPackage("dev.memlens.core..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.memlens.cli..", "dev.memlens.app..", "picocli..");

    /** Each core package is its own slice: report, report.json, compare... may depend one way only. */
    @ArchTest
    static final ArchRule corePackagesHaveNoCycles = slices().matching("dev.memlens.core.(**)").should().beFreeOfCycles()
            // gpu ↔ gpu.amd/nvidia (GpuSamplers.detect's if-chain) is the one known cycle; issue 14's registered
            // source descriptors remove it
            .ignoreDependency(resideInAPackage("dev.memlens.core.gpu.."), resideInAPackage("dev.memlens.core.gpu.."))
            .because("a cycle (report ↔ compare was one) makes every change ripple both ways");

    @ArchTest
    static final ArchRule cliKnowsNoApp = noClasses().that().resideInAPackage("dev.memlens.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.memlens.app..", "javafx..");

    @ArchTest
    static final ArchRule viewModelsHoldNoControls = noClasses().that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "org.controlsfx..", "io.fair_acc.chartfx..")
            .because("ViewModels hold properties and commands; views own the controls").allowEmptyShould(true);

    @ArchTest
    static final ArchRule engineAdaptersKnowNoSessions = noClasses().that().resideInAnyPackage(
                    "dev.memlens.core.gpu..", "dev.memlens.core.vllm..", "dev.memlens.core.hf..",
                    "dev.memlens.core.docker..", "dev.memlens.core.api..")
            .should().dependOnClassesThat().resideInAPackage("dev.memlens.core.run..")
            .because("engine adapters sit below the session layer; processes come from core.process");

    @ArchTest
    static final ArchRule processLayerIsAtTheBottom = classes().that().resideInAPackage("dev.memlens.core.process..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.memlens.core.process..", "java..")
            .because("the process layer is the bottom: every other layer may use it, it uses none of them");
}
