# The core's layers and the arrows between them: the one place that says
# which folder of core/ may include which. Read by cmake/layers.cmake (the
# libraries and their links) and by cmake/check_layers.cmake (the check of
# every #include, run as part of the build).
#
#   base        strings, status, time, spill space, ...      (nothing)
#   import      stages, tokenizers, document shells           base
#   model       assets, services, findings, rules; the sink   base
#   importers   one file per format, the registry, sniffing   import, model
#   correlate   the store: merging, packing, binding          model
#   intel       KEV and EPSS bundles and their builders       import
#   score       CVSS, SSVC, policy, risk                      correlate
#   plan        decisions, actions grouped by fix             score
#   paths       the attack graph, paths, choke points        plan
#   track       snapshots, the diff of two scans, trends     paths, import
#   render      the JSON report and the exports              track
#   app         analyzer, CLI                                 render, importers, intel
#
# A layer may include itself and everything its arrows reach, transitively;
# correlate and intel sit side by side and never include each other.
set(EXPOSURE_LAYERS base import model importers correlate intel score plan
    paths track render app)
set(EXPOSURE_LAYER_ARROWS_base "")
set(EXPOSURE_LAYER_ARROWS_import base)
set(EXPOSURE_LAYER_ARROWS_model base)
set(EXPOSURE_LAYER_ARROWS_importers import model)
set(EXPOSURE_LAYER_ARROWS_correlate model)
set(EXPOSURE_LAYER_ARROWS_intel import)
set(EXPOSURE_LAYER_ARROWS_score correlate)
set(EXPOSURE_LAYER_ARROWS_plan score)
set(EXPOSURE_LAYER_ARROWS_paths plan)
set(EXPOSURE_LAYER_ARROWS_track paths import)
set(EXPOSURE_LAYER_ARROWS_render track)
set(EXPOSURE_LAYER_ARROWS_app render importers intel)

# Sets EXPOSURE_LAYER_REACH_<layer> to the layers <layer> may include
# (itself and the closure of its arrows), in EXPOSURE_LAYERS order.
function(exposure_layer_reach)
  foreach(layer IN LISTS EXPOSURE_LAYERS)
    set(reach ${layer})
    set(todo ${EXPOSURE_LAYER_ARROWS_${layer}})
    while(todo)
      list(POP_FRONT todo next)
      if(NOT next IN_LIST reach)
        list(APPEND reach ${next})
        list(APPEND todo ${EXPOSURE_LAYER_ARROWS_${next}})
      endif()
    endwhile()
    set(ordered "")
    foreach(l IN LISTS EXPOSURE_LAYERS)
      if(l IN_LIST reach)
        list(APPEND ordered ${l})
      endif()
    endforeach()
    set(EXPOSURE_LAYER_REACH_${layer} ${ordered} PARENT_SCOPE)
  endforeach()
endfunction()
exposure_layer_reach()
